//! Builds a fresh RustPython interpreter with the standard library and the
//! workbook's Python runtime, and runs one job in it.

use rustpython_vm::{
    AsObject, Interpreter, PyObjectRef, PyResult, VirtualMachine,
    builtins::{PyBaseExceptionRef, PyStr},
    compiler::Mode,
    scope::Scope,
    signal::UserSignalReceiver,
};

/// The sandbox's own Python modules, in the order they must load, and whether
/// their `install()` runs as soon as they load. The stand-ins and the clock go
/// first: the standard library needs both while it imports.
const RUNTIME_MODULES: &[(&str, &str, bool)] = &[
    (
        "workbook_standins",
        include_str!("../python/workbook_standins.py"),
        true,
    ),
    (
        "workbook_clock",
        include_str!("../python/workbook_clock.py"),
        true,
    ),
    (
        "workbook_vtime",
        include_str!("../python/workbook_vtime.py"),
        false,
    ),
    (
        "workbook_checks",
        include_str!("../python/workbook_checks.py"),
        false,
    ),
    (
        "workbook_runner",
        include_str!("../python/workbook_runner.py"),
        false,
    ),
];

/// One unit of work for a fresh interpreter.
#[derive(Debug)]
pub enum Job {
    Run {
        source: String,
        filename: String,
        output_chars: usize,
        virtual_seconds: f64,
    },
    Grade {
        learner_source: String,
        checks_source: String,
        output_chars: usize,
    },
}

fn new_interpreter(signals: Option<UserSignalReceiver>) -> Interpreter {
    let mut settings = rustpython_vm::Settings::default();
    settings.import_site = false;
    settings.install_signal_handlers = false;
    let builder = Interpreter::builder(settings);
    let native_modules = rustpython_stdlib::stdlib_module_defs(&builder.ctx);
    builder
        .add_native_modules(&native_modules)
        .add_frozen_modules(rustpython_pylib::FROZEN_STDLIB)
        .init_hook(move |vm| {
            let state = rustpython_vm::common::rc::PyRc::get_mut(&mut vm.state)
                .expect("the VM state is not shared yet during init");
            state.config.paths.stdlib_dir = Some(rustpython_pylib::LIB_PATH.to_owned());
            if let Some(receiver) = signals {
                vm.set_user_signal_channel(receiver);
            }
        })
        .build()
}

/// Runs `job` in a new interpreter and returns the runner's JSON report.
///
/// `on_ready` is called once the runtime has loaded, just before the program
/// starts, so a time budget can cover the program alone. A failure of the
/// sandbox itself (not of the program) still yields a report, with the Python
/// traceback in `stderr`, so callers always get JSON back.
pub fn run_job(job: Job, signals: Option<UserSignalReceiver>, on_ready: impl FnOnce()) -> String {
    let interpreter = new_interpreter(signals);
    interpreter.enter(|vm| match dispatch(vm, &job, on_ready) {
        Ok(json) => json,
        Err(error) => internal_error_report(vm, &job, &error),
    })
}

fn dispatch(vm: &VirtualMachine, job: &Job, on_ready: impl FnOnce()) -> PyResult<String> {
    let runner = load_runtime(vm)?;
    on_ready();
    let result = match job {
        Job::Run {
            source,
            filename,
            output_chars,
            virtual_seconds,
        } => runner.get_attr("run", vm)?.call(
            (
                source.clone(),
                filename.clone(),
                *output_chars,
                *virtual_seconds,
            ),
            vm,
        )?,
        Job::Grade {
            learner_source,
            checks_source,
            output_chars,
        } => runner.get_attr("grade", vm)?.call(
            (learner_source.clone(), checks_source.clone(), *output_chars),
            vm,
        )?,
    };
    let json = result
        .downcast_ref::<PyStr>()
        .ok_or_else(|| vm.new_type_error("the runner must return a JSON string"))?;
    Ok(json.to_string_lossy().into_owned())
}

/// Executes the runtime modules in order and returns `workbook_runner`.
fn load_runtime(vm: &VirtualMachine) -> PyResult<PyObjectRef> {
    let modules = vm.sys_module.get_attr("modules", vm)?;
    let mut last = None;
    for (name, source, install_on_load) in RUNTIME_MODULES {
        let path = format!("<workbook>/{name}.py");
        let dict = vm.ctx.new_dict();
        dict.set_item("__file__", vm.ctx.new_str(path.as_str()).into(), vm)?;
        let module = vm.new_module(name, dict.clone(), None);
        modules.set_item(*name, module.clone().into(), vm)?;
        let code = vm
            .compile(source, Mode::Exec, path)
            .map_err(|error| error.into_pyexception(vm, Some(source)))?;
        vm.run_code_obj(code, Scope::with_builtins(None, dict, vm))?;
        if *install_on_load {
            module.as_object().get_attr("install", vm)?.call((), vm)?;
        }
        last = Some(module);
    }
    Ok(last.expect("the runtime has modules").into())
}

fn internal_error_report(vm: &VirtualMachine, job: &Job, error: &PyBaseExceptionRef) -> String {
    let mut traceback = String::new();
    if vm.write_exception(&mut traceback, error).is_err() {
        traceback.push_str("(the traceback could not be written)\n");
    }
    let stderr = format!("The sandbox failed before your program could finish:\n{traceback}");
    let report = match job {
        Job::Run { .. } => serde_json::json!({
            "stdout": "", "stderr": stderr, "exit_code": 1, "timeline": [], "virtual_time": 0.0,
        }),
        Job::Grade { .. } => serde_json::json!({
            "results": [{"name": "the checks ran", "passed": false, "message": stderr}],
            "stdout": "", "stderr": stderr,
        }),
    };
    report.to_string()
}
