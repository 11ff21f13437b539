//! Builds a fresh RustPython interpreter with the standard library and the
//! workbook's Python runtime, and runs one job in it.

use rustpython_vm::{
    AsObject, Interpreter, PyObjectRef, PyResult, VirtualMachine,
    builtins::{PyBaseExceptionRef, PyStr},
    compiler::Mode,
    frozen::FrozenLib,
    scope::Scope,
    signal::UserSignalReceiver,
};

/// The sandbox's own Python modules, in the order they must load, and whether
/// their `install()` runs as soon as they load. The stand-ins and the clock go
/// first: the standard library needs both while it imports. The clock reports
/// to the feedback, which loads before it.
const RUNTIME_MODULES: &[(&str, &str, bool)] = &[
    (
        "workbook_standins",
        include_str!("../python/workbook_standins.py"),
        true,
    ),
    (
        "workbook_feedback",
        include_str!("../python/workbook_feedback.py"),
        false,
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

/// The standard library modules listed in `stdlib.txt`, compiled by build.rs.
static FROZEN_STDLIB: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/stdlib.frozen"));

/// The standard library's top-level modules that `stdlib.txt` leaves out, one
/// a line; the stand-ins read it to explain a failed import of one.
const STDLIB_LEFT_OUT: &str = include_str!(concat!(env!("OUT_DIR"), "/stdlib-left-out.txt"));

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
        .add_frozen_modules(FrozenLib::from_ref(FROZEN_STDLIB).decode())
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

/// A new interpreter with the runtime, and so asyncio, already loaded: the
/// slow part of a run, done before the program is known. Each one runs one
/// job, so no state carries over from one program to the next.
pub struct PreparedInterpreter {
    interpreter: Interpreter,
    runner: Result<PyObjectRef, PyBaseExceptionRef>,
}

impl PreparedInterpreter {
    pub fn new(signals: Option<UserSignalReceiver>) -> Self {
        Self::load_runtime_into(new_interpreter(signals))
    }

    /// Like `new`, timing its two stages: the bare interpreter, then the
    /// runtime with asyncio. (The browser has no clock Rust can read.)
    #[cfg(not(target_arch = "wasm32"))]
    pub fn new_timed() -> (Self, std::time::Duration, std::time::Duration) {
        let started = std::time::Instant::now();
        let interpreter = new_interpreter(None);
        let built = started.elapsed();
        let prepared = Self::load_runtime_into(interpreter);
        (prepared, built, started.elapsed() - built)
    }

    fn load_runtime_into(interpreter: Interpreter) -> Self {
        let runner = interpreter.enter(load_runtime);
        Self {
            interpreter,
            runner,
        }
    }

    /// Runs `job`; the outcome holds the runner's JSON report.
    ///
    /// `on_ready` is called just before the program starts, so a time budget
    /// can cover the program alone. A failure of the sandbox itself (not of the
    /// program) still yields a report, with the Python traceback in `stderr`,
    /// so callers always get JSON back.
    pub fn run(self, job: &Job, on_ready: impl FnOnce()) -> FinishedRun {
        let Self {
            interpreter,
            runner,
        } = self;
        let report = interpreter.enter(|vm| {
            let outcome = runner.and_then(|runner| {
                on_ready();
                call_runner(vm, &runner, job)
            });
            outcome.unwrap_or_else(|error| internal_error_report(vm, job, &error))
        });
        FinishedRun {
            report,
            interpreter,
        }
    }
}

/// A run's report, and the interpreter it used, still to be finalized.
pub struct FinishedRun {
    pub report: String,
    interpreter: Interpreter,
}

impl FinishedRun {
    /// Frees the interpreter's objects. The garbage collector's lists are
    /// shared by every interpreter in the process: without this, each later
    /// collection walks every earlier run's objects. The browser does it while
    /// idle, after the reader has the report.
    #[cfg(target_arch = "wasm32")]
    pub fn finalize(self) {
        self.interpreter.finalize(None);
    }

    /// The report, after finalizing the interpreter.
    #[cfg(not(target_arch = "wasm32"))]
    pub fn finalized_report(self) -> String {
        let Self {
            report,
            interpreter,
        } = self;
        interpreter.finalize(None);
        report
    }
}

fn call_runner(vm: &VirtualMachine, runner: &PyObjectRef, job: &Job) -> PyResult<String> {
    let result = match job {
        Job::Run {
            source,
            filename,
            output_chars,
            virtual_seconds,
        } => runner.get_attr("run", vm)?.call(
            (
                source_safe_to_compile(source),
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
            (
                source_safe_to_compile(learner_source),
                checks_source.clone(),
                *output_chars,
            ),
            vm,
        )?,
    };
    let json = result
        .downcast_ref::<PyStr>()
        .ok_or_else(|| vm.new_type_error("the runner must return a JSON string"))?;
    Ok(json.to_string_lossy().into_owned())
}

/// Spaces at the end of the source's last line, if a non-ASCII character is
/// among its last few bytes.
///
/// RustPython 0.6.0's `compile()` panics (in `first_invalid_escape`, slicing a
/// string inside a character) on a source that does not parse and ends inside
/// a string literal whose last bytes belong to a non-ASCII character, such as
/// `print("café` as an editor hands it over. A panic crashes the browser's
/// worker. The literal runs to the end of the source and the scan slices a few
/// bytes short of that end: with ASCII there, the slices fall between
/// characters and the reader gets CPython's SyntaxError. Trailing spaces change
/// nothing in a program that parses.
fn source_safe_to_compile(source: &str) -> String {
    const PADDING: usize = 8;
    let body = source.strip_suffix('\n').unwrap_or(source);
    if body.bytes().rev().take(PADDING).all(|byte| byte.is_ascii()) {
        return source.to_owned();
    }
    let ending = &source[body.len()..];
    format!("{body}{}{ending}", " ".repeat(PADDING))
}

/// Executes the runtime modules in order and returns `workbook_runner`.
fn load_runtime(vm: &VirtualMachine) -> PyResult<PyObjectRef> {
    let modules = vm.sys_module.get_attr("modules", vm)?;
    let mut last = None;
    for (name, source, install_on_load) in RUNTIME_MODULES {
        let path = format!("<workbook>/{name}.py");
        let dict = vm.ctx.new_dict();
        dict.set_item("__file__", vm.ctx.new_str(path.as_str()).into(), vm)?;
        if *name == "workbook_standins" {
            dict.set_item(
                "STDLIB_LEFT_OUT",
                vm.ctx.new_str(STDLIB_LEFT_OUT).into(),
                vm,
            )?;
        }
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
