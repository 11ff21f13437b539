//! What a call calls, and what kind of object an expression is: enough to
//! tell `await asyncio.sleep(1)` from `time.sleep(1)`, and `db.connect()`
//! on a class with `async def connect` from any other `connect()`.

use ruff_python_ast::name::UnqualifiedName;
use ruff_python_ast::{Expr, StmtFunctionDef};

use crate::functions::is_static;
use crate::index::{BindingKind, ClassInfo, Index, Lookup};
use crate::scope::Scope;

/// How many steps one question about an object's type may take, following
/// names to their values (`a = b`, `b = c`, ...). A name reassigned many
/// times from itself (`node = node.next`) would otherwise cost exponential time.
const MAX_STEPS: u32 = 400;

/// The calls that make an object of a library type the rules know about.
const CONSTRUCTORS: &[(&str, &str)] = &[
    ("asyncio.Queue", "asyncio.Queue"),
    ("asyncio.PriorityQueue", "asyncio.Queue"),
    ("asyncio.LifoQueue", "asyncio.Queue"),
    ("asyncio.Lock", "asyncio.Lock"),
    ("asyncio.Semaphore", "asyncio.Semaphore"),
    ("asyncio.BoundedSemaphore", "asyncio.Semaphore"),
    ("asyncio.Event", "asyncio.Event"),
    ("asyncio.Condition", "asyncio.Condition"),
    ("asyncio.Barrier", "asyncio.Barrier"),
    ("asyncio.TaskGroup", "asyncio.TaskGroup"),
    ("asyncio.get_running_loop", "asyncio.EventLoop"),
    ("asyncio.get_event_loop", "asyncio.EventLoop"),
    ("asyncio.new_event_loop", "asyncio.EventLoop"),
    ("requests.Session", "requests.Session"),
    ("requests.session", "requests.Session"),
];

#[derive(Clone, Copy, Debug)]
pub(crate) enum Type<'i, 'a> {
    /// An instance of a class defined in the program.
    Class(&'i ClassInfo<'a>),
    /// An instance of a library type from [`CONSTRUCTORS`].
    Known(&'static str),
}

#[derive(Clone, Debug)]
pub(crate) enum Callee<'a> {
    /// A function or method defined in the program.
    Function(&'a StmtFunctionDef),
    /// An imported or builtin function, by its full name (`time.sleep`, `open`).
    Qualified(String),
    /// A method of a library type: (`asyncio.Queue`, `put`).
    Method(&'static str, String),
    Unknown,
}

impl<'a> Index<'a> {
    /// The full dotted name of `expr` when its root is an import or a builtin:
    /// `aio.sleep` → `asyncio.sleep` after `import asyncio as aio`.
    pub(crate) fn qualified(&self, expr: &Expr, scope: &Scope<'a>) -> Option<String> {
        let name = UnqualifiedName::from_expr(expr)?;
        let (root, rest) = name.segments().split_first()?;
        let root = match self.lookup(root, scope) {
            Lookup::Imported(path) => path.to_string(),
            Lookup::Unbound if rest.is_empty() => root.to_string(),
            _ => return None,
        };
        Some(
            std::iter::once(root.as_str())
                .chain(rest.iter().copied())
                .collect::<Vec<_>>()
                .join("."),
        )
    }

    pub(crate) fn callee(&self, func: &Expr, scope: &Scope<'a>) -> Callee<'a> {
        match func {
            Expr::Name(name) => match self.lookup(&name.id, scope) {
                Lookup::Function(def) => Callee::Function(def),
                Lookup::Imported(path) => Callee::Qualified(path.to_string()),
                Lookup::Unbound => Callee::Qualified(name.id.to_string()),
                _ => Callee::Unknown,
            },
            Expr::Attribute(attribute) => {
                if let Some(path) = self.qualified(func, scope) {
                    return Callee::Qualified(path);
                }
                let method = attribute.attr.as_str();
                match self.type_of(&attribute.value, scope) {
                    Some(Type::Class(class)) => match class.methods.get(method) {
                        Some(def) => Callee::Function(def),
                        None => Callee::Unknown,
                    },
                    Some(Type::Known(kind)) => Callee::Method(kind, method.to_string()),
                    None => Callee::Unknown,
                }
            }
            _ => Callee::Unknown,
        }
    }

    /// What `expr` evaluates to, when the program makes it plain.
    pub(crate) fn type_of(&self, expr: &Expr, scope: &Scope<'a>) -> Option<Type<'_, 'a>> {
        let mut steps = MAX_STEPS;
        self.type_within(expr, scope, &mut steps)
    }

    fn type_within(&self, expr: &Expr, scope: &Scope<'a>, steps: &mut u32) -> Option<Type<'_, 'a>> {
        *steps = steps.checked_sub(1)?;
        match expr {
            Expr::Call(call) => {
                if let Expr::Name(name) = call.func.as_ref()
                    && let Lookup::Class(class) = self.lookup(&name.id, scope)
                {
                    return Some(Type::Class(class));
                }
                let path = self.qualified(&call.func, scope)?;
                let (_, kind) = CONSTRUCTORS.iter().find(|(call, _)| *call == path)?;
                Some(Type::Known(kind))
            }
            Expr::Name(name) => match self.lookup(&name.id, scope) {
                Lookup::Bound(bindings) => bindings.iter().find_map(|binding| {
                    let followed =
                        matches!(binding.kind, BindingKind::Assigned | BindingKind::Entered);
                    followed
                        .then(|| self.type_within(binding.value, &binding.scope, steps))
                        .flatten()
                }),
                // `self` (or `cls`): the first parameter of a method.
                Lookup::Parameter {
                    def,
                    position: Some(0),
                } if !is_static(def) => self.class_of(def).map(Type::Class),
                _ => None,
            },
            Expr::Attribute(attribute) => {
                let Some(Type::Class(class)) = self.type_within(&attribute.value, scope, steps)
                else {
                    return None;
                };
                let bindings = class.attributes.get(attribute.attr.as_str())?;
                bindings
                    .iter()
                    .find_map(|binding| self.type_within(binding.value, &binding.scope, steps))
            }
            _ => None,
        }
    }
}
