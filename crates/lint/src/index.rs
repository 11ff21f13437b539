//! What a module defines and binds, and where: functions, classes and their
//! methods, assignments, imports, and every call. Built once per program;
//! the rules ask it what a name means at a given place.

use std::collections::HashMap;

use ruff_python_ast::{Expr, ExprCall, Stmt, StmtFunctionDef};
use ruff_text_size::{Ranged, TextSize};

use crate::scope::{Check, Frame, Scope, walk};

/// How a name got its value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum BindingKind {
    /// `name = value` (or `name: T = value`, `name := value`).
    Assigned,
    /// `with value as name` / `async with value as name`.
    Entered,
    /// A loop variable, `except ... as name`, `name += ...`: a value the
    /// lint does not follow.
    Other,
}

#[derive(Clone, Debug)]
pub(crate) struct Binding<'a> {
    pub(crate) value: &'a Expr,
    pub(crate) kind: BindingKind,
    /// Where `value` is evaluated, for looking up the names in it.
    pub(crate) scope: Scope<'a>,
}

#[derive(Debug)]
pub(crate) struct ClassInfo<'a> {
    pub(crate) methods: HashMap<&'a str, &'a StmtFunctionDef>,
    /// `self.name = value` anywhere in the class's methods.
    pub(crate) attributes: HashMap<&'a str, Vec<Binding<'a>>>,
}

#[derive(Clone, Copy, Debug)]
enum Definition<'a> {
    Function(&'a StmtFunctionDef),
    Class(usize),
}

/// The names one function body (or the module) defines for itself.
#[derive(Debug, Default)]
struct Namespace<'a> {
    definitions: HashMap<&'a str, Definition<'a>>,
    bindings: HashMap<&'a str, Vec<Binding<'a>>>,
}

/// A module-level namespace has no function; a function's is keyed by where
/// its `def` starts, which is unique in a file.
type NamespaceKey = Option<TextSize>;

/// What a name refers to at one place in the program.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Lookup<'i, 'a> {
    Function(&'a StmtFunctionDef),
    Class(&'i ClassInfo<'a>),
    Bound(&'i [Binding<'a>]),
    /// A parameter of `def`; `position` counts positional parameters from 0
    /// (`None` for keyword-only and `*args`/`**kwargs`).
    Parameter {
        def: &'a StmtFunctionDef,
        position: Option<usize>,
    },
    /// An imported name, as its full dotted path (`sleep` → `time.sleep`).
    Imported(&'i str),
    /// Defined nowhere in the module: a builtin such as `open`, or a typo.
    Unbound,
}

#[derive(Debug, Default)]
pub(crate) struct Index<'a> {
    namespaces: HashMap<NamespaceKey, Namespace<'a>>,
    classes: Vec<ClassInfo<'a>>,
    class_numbers: HashMap<TextSize, usize>,
    imports: HashMap<&'a str, String>,
    body_scopes: HashMap<TextSize, Scope<'a>>,
    pub(crate) calls: Vec<(&'a ExprCall, Scope<'a>)>,
}

impl<'a> Index<'a> {
    pub(crate) fn build(module: &'a [Stmt]) -> Index<'a> {
        let mut index = Index::default();
        walk(module, Scope::default(), &mut index);
        index
    }

    /// The scope a function's body runs in.
    pub(crate) fn body_scope(&self, def: &StmtFunctionDef) -> Scope<'a> {
        self.body_scopes
            .get(&def.start())
            .cloned()
            .unwrap_or_default()
    }

    /// The class `def` is a method of, if any.
    pub(crate) fn class_of(&self, def: &StmtFunctionDef) -> Option<&ClassInfo<'a>> {
        let class = self.body_scope(def).class_of(def)?;
        Some(&self.classes[self.class_numbers[&class.start()]])
    }

    pub(crate) fn lookup(&self, name: &str, scope: &Scope<'a>) -> Lookup<'_, 'a> {
        for def in scope.functions() {
            if let Some(position) = parameter_position(def, name) {
                return Lookup::Parameter { def, position };
            }
            if let Some(found) = self.in_namespace(Some(def.start()), name) {
                return found;
            }
        }
        if let Some(found) = self.in_namespace(None, name) {
            return found;
        }
        match self.imports.get(name) {
            Some(path) => Lookup::Imported(path),
            None => Lookup::Unbound,
        }
    }

    fn in_namespace(&self, key: NamespaceKey, name: &str) -> Option<Lookup<'_, 'a>> {
        let namespace = self.namespaces.get(&key)?;
        match namespace.definitions.get(name) {
            Some(Definition::Function(def)) => Some(Lookup::Function(def)),
            Some(Definition::Class(number)) => Some(Lookup::Class(&self.classes[*number])),
            None => namespace
                .bindings
                .get(name)
                .map(|bindings| Lookup::Bound(bindings)),
        }
    }

    fn namespace(&mut self, scope: &Scope<'a>) -> &mut Namespace<'a> {
        let key = scope.functions().next().map(|def| def.start());
        self.namespaces.entry(key).or_default()
    }

    fn bind(&mut self, target: &'a Expr, value: &'a Expr, kind: BindingKind, scope: &Scope<'a>) {
        let binding = |value| Binding {
            value,
            kind,
            scope: scope.clone(),
        };
        match target {
            Expr::Name(name) if scope.class_body().is_none() => {
                let bindings = self.namespace(scope).bindings.entry(name.id.as_str());
                bindings.or_default().push(binding(value));
            }
            Expr::Attribute(attribute) => {
                if let Some(class) = self.receiver_class(&attribute.value, scope) {
                    let attributes = &mut self.classes[class].attributes;
                    let bindings = attributes.entry(attribute.attr.as_str()).or_default();
                    bindings.push(binding(value));
                }
            }
            Expr::Tuple(_) | Expr::List(_) => {
                let targets = targets_of(target).unwrap_or_default();
                // `a, b = X(), Y()` binds each name to its own value; any
                // other unpacking gives values the lint does not follow.
                let values = match (kind, value) {
                    (BindingKind::Assigned, Expr::Tuple(values))
                        if values.elts.len() == targets.len() =>
                    {
                        Some(&values.elts)
                    }
                    _ => None,
                };
                for (n, target) in targets.iter().enumerate() {
                    match values {
                        Some(values) => self.bind(target, &values[n], kind, scope),
                        None => self.bind(target, value, BindingKind::Other, scope),
                    }
                }
            }
            Expr::Starred(starred) => self.bind(&starred.value, value, BindingKind::Other, scope),
            _ => {}
        }
    }

    /// The class whose instance `receiver` is when it is a method's first
    /// parameter (`self`), during building, before lookups are possible.
    fn receiver_class(&self, receiver: &Expr, scope: &Scope<'a>) -> Option<usize> {
        let Expr::Name(name) = receiver else {
            return None;
        };
        let def = scope
            .functions()
            .find(|def| parameter_position(def, &name.id).is_some())?;
        if parameter_position(def, &name.id) != Some(Some(0)) {
            return None;
        }
        let class = scope.class_of(def)?;
        self.class_numbers.get(&class.start()).copied()
    }

    fn import(&mut self, stmt: &'a Stmt) {
        match stmt {
            Stmt::Import(import) => {
                for alias in &import.names {
                    let path = alias.name.as_str();
                    match &alias.asname {
                        Some(local) => self.imports.insert(local.as_str(), path.to_string()),
                        // `import a.b` binds `a`.
                        None => {
                            let root = path.split('.').next().unwrap_or(path);
                            self.imports.insert(root, root.to_string())
                        }
                    };
                }
            }
            Stmt::ImportFrom(import) if import.level == 0 => {
                let Some(module) = &import.module else { return };
                for alias in &import.names {
                    let local = alias.asname.as_ref().unwrap_or(&alias.name);
                    let path = format!("{}.{}", module.as_str(), alias.name.as_str());
                    self.imports.insert(local.as_str(), path);
                }
            }
            _ => {}
        }
    }
}

fn targets_of(target: &Expr) -> Option<&[Expr]> {
    match target {
        Expr::Tuple(tuple) => Some(&tuple.elts),
        Expr::List(list) => Some(&list.elts),
        _ => None,
    }
}

/// `Some(position)` when `name` is a parameter of `def`.
fn parameter_position(def: &StmtFunctionDef, name: &str) -> Option<Option<usize>> {
    let parameters = &def.parameters;
    let positional = parameters.posonlyargs.iter().chain(&parameters.args);
    if let Some(position) = positional.clone().position(|p| p.name().as_str() == name) {
        return Some(Some(position));
    }
    let others = parameters.kwonlyargs.iter().map(|p| p.name());
    let variadic = [&parameters.vararg, &parameters.kwarg];
    let mut names = others.chain(variadic.into_iter().flatten().map(|p| p.name()));
    names.any(|n| n.as_str() == name).then_some(None)
}

impl<'a> Check<'a> for Index<'a> {
    fn stmt(&mut self, stmt: &'a Stmt, scope: &Scope<'a>) {
        match stmt {
            Stmt::FunctionDef(def) => {
                let body = scope.entering(Frame::Function(def));
                self.body_scopes.insert(def.start(), body);
                match scope.class_body() {
                    Some(class) => {
                        let number = self.class_numbers[&class.start()];
                        let methods = &mut self.classes[number].methods;
                        methods.entry(def.name.as_str()).or_insert(def);
                    }
                    None => {
                        let definitions = &mut self.namespace(scope).definitions;
                        let definition = Definition::Function(def);
                        definitions.entry(def.name.as_str()).or_insert(definition);
                    }
                }
            }
            Stmt::ClassDef(class) => {
                let number = self.classes.len();
                self.classes.push(ClassInfo {
                    methods: HashMap::new(),
                    attributes: HashMap::new(),
                });
                self.class_numbers.insert(class.start(), number);
                if scope.class_body().is_none() {
                    let definitions = &mut self.namespace(scope).definitions;
                    let definition = Definition::Class(number);
                    definitions.entry(class.name.as_str()).or_insert(definition);
                }
            }
            Stmt::Assign(assign) => {
                for target in &assign.targets {
                    self.bind(target, &assign.value, BindingKind::Assigned, scope);
                }
            }
            Stmt::AnnAssign(assign) => {
                if let Some(value) = &assign.value {
                    self.bind(&assign.target, value, BindingKind::Assigned, scope);
                }
            }
            Stmt::AugAssign(assign) => {
                self.bind(&assign.target, &assign.value, BindingKind::Other, scope);
            }
            Stmt::For(each) => self.bind(&each.target, &each.iter, BindingKind::Other, scope),
            Stmt::With(with) => {
                for item in &with.items {
                    if let Some(target) = &item.optional_vars {
                        self.bind(target, &item.context_expr, BindingKind::Entered, scope);
                    }
                }
            }
            Stmt::Try(attempt) => {
                for handler in &attempt.handlers {
                    let ruff_python_ast::ExceptHandler::ExceptHandler(handler) = handler;
                    if let (Some(name), Some(kind)) = (&handler.name, &handler.type_) {
                        let bindings = self.namespace(scope).bindings.entry(name.as_str());
                        bindings.or_default().push(Binding {
                            value: kind,
                            kind: BindingKind::Other,
                            scope: scope.clone(),
                        });
                    }
                }
            }
            Stmt::Import(_) | Stmt::ImportFrom(_) => self.import(stmt),
            _ => {}
        }
    }

    fn expr(&mut self, expr: &'a Expr, scope: &Scope<'a>) {
        match expr {
            Expr::Call(call) => self.calls.push((call, scope.clone())),
            Expr::Named(named) => {
                self.bind(&named.target, &named.value, BindingKind::Assigned, scope)
            }
            _ => {}
        }
    }
}
