//! How many items an iterable yields, when the program spells it out:
//! literals, `range(...)` with known bounds, comprehensions over those,
//! names bound to them, and parameters whose every caller passes one.
//! `None` means the lint cannot tell.

use std::cell::Cell;

use ruff_python_ast::{Comprehension, Expr, ExprCall, Number, Operator, StmtFunctionDef, UnaryOp};

use crate::functions::is_static;
use crate::index::{Binding, BindingKind, Lookup};
use crate::program::Program;
use crate::resolve::Callee;
use crate::scope::Scope;

/// How many steps one count may take through names and callers: a name
/// reassigned from itself many times (`n = n + 1`) would otherwise cost
/// exponential time.
const MAX_STEPS: u32 = 400;

pub(crate) struct Sizes<'p, 'a> {
    program: &'p Program<'p, 'a>,
    steps: Cell<u32>,
}

impl<'p, 'a> Sizes<'p, 'a> {
    pub(crate) fn new(program: &'p Program<'p, 'a>) -> Self {
        Sizes {
            program,
            steps: Cell::new(MAX_STEPS),
        }
    }

    /// At most how many items iterating over `iterable` gives.
    pub(crate) fn items(&self, iterable: &Expr, scope: &Scope<'a>) -> Option<u64> {
        self.steps.set(MAX_STEPS);
        self.items_at(iterable, scope)
    }

    /// `None` once this count has taken all its steps.
    fn step(&self) -> Option<()> {
        self.steps.set(self.steps.get().checked_sub(1)?);
        Some(())
    }

    fn items_at(&self, expr: &Expr, scope: &Scope<'a>) -> Option<u64> {
        self.step()?;
        match expr {
            Expr::List(list) => self.elements(&list.elts, scope),
            Expr::Tuple(tuple) => self.elements(&tuple.elts, scope),
            Expr::Set(set) => self.elements(&set.elts, scope),
            Expr::Dict(dict) => dict.items.iter().try_fold(0, |total: u64, item| {
                let count = match &item.key {
                    Some(_) => 1,
                    None => self.items_at(&item.value, scope)?,
                };
                total.checked_add(count)
            }),
            Expr::StringLiteral(string) => Some(string.value.to_str().chars().count() as u64),
            Expr::ListComp(comprehension) => self.product(&comprehension.generators, scope),
            Expr::SetComp(comprehension) => self.product(&comprehension.generators, scope),
            Expr::DictComp(comprehension) => self.product(&comprehension.generators, scope),
            Expr::Generator(generator) => self.product(&generator.generators, scope),
            Expr::Call(call) => self.call_items(call, scope),
            Expr::BinOp(operation) => match operation.op {
                Operator::Add => self
                    .items_at(&operation.left, scope)?
                    .checked_add(self.items_at(&operation.right, scope)?),
                Operator::Mult => {
                    let (items, times) = match self.items_at(&operation.left, scope) {
                        Some(items) => (items, self.int_at(&operation.right, scope)?),
                        None => (
                            self.items_at(&operation.right, scope)?,
                            self.int_at(&operation.left, scope)?,
                        ),
                    };
                    items.checked_mul(u64::try_from(times.max(0)).ok()?)
                }
                _ => None,
            },
            Expr::Name(name) => {
                self.through_name(&name.id, scope, |value, scope| self.items_at(value, scope))
            }
            _ => None,
        }
    }

    fn elements(&self, elements: &[Expr], scope: &Scope<'a>) -> Option<u64> {
        elements.iter().try_fold(0, |total: u64, element| {
            let count = match element {
                Expr::Starred(starred) => self.items_at(&starred.value, scope)?,
                _ => 1,
            };
            total.checked_add(count)
        })
    }

    /// Filters (`if ...`) only ever drop items, so the product of the `for`
    /// clauses bounds a comprehension.
    fn product(&self, generators: &[Comprehension], scope: &Scope<'a>) -> Option<u64> {
        generators.iter().try_fold(1, |total: u64, generator| {
            total.checked_mul(self.items_at(&generator.iter, scope)?)
        })
    }

    fn call_items(&self, call: &ExprCall, scope: &Scope<'a>) -> Option<u64> {
        let args = &call.arguments.args;
        if let Expr::Attribute(attribute) = call.func.as_ref()
            && matches!(attribute.attr.as_str(), "items" | "keys" | "values")
            && args.is_empty()
        {
            return self.items_at(&attribute.value, scope);
        }
        let Callee::Qualified(path) = self.program.index.callee(&call.func, scope) else {
            return None;
        };
        match (path.as_str(), &args[..]) {
            ("range", bounds) => {
                let bounds: Option<Vec<i64>> = bounds
                    .iter()
                    .map(|bound| self.int_at(bound, scope))
                    .collect();
                range_len(&bounds?)
            }
            (
                "enumerate" | "reversed" | "sorted" | "list" | "tuple" | "set" | "frozenset"
                | "iter" | "dict",
                [iterable, ..],
            ) => self.items_at(iterable, scope),
            // zip stops at its shortest argument.
            ("zip", iterables) => iterables
                .iter()
                .filter_map(|iterable| self.items_at(iterable, scope))
                .min(),
            _ => None,
        }
    }

    fn int_at(&self, expr: &Expr, scope: &Scope<'a>) -> Option<i64> {
        self.step()?;
        match expr {
            Expr::NumberLiteral(literal) => match &literal.value {
                Number::Int(int) => int.as_i64(),
                _ => None,
            },
            Expr::UnaryOp(operation) if operation.op == UnaryOp::USub => {
                self.int_at(&operation.operand, scope)?.checked_neg()
            }
            Expr::BinOp(operation) => {
                let left = self.int_at(&operation.left, scope)?;
                let right = self.int_at(&operation.right, scope)?;
                match operation.op {
                    Operator::Add => left.checked_add(right),
                    Operator::Sub => left.checked_sub(right),
                    Operator::Mult => left.checked_mul(right),
                    Operator::FloorDiv => left.checked_div_euclid(right),
                    _ => None,
                }
            }
            Expr::Call(call) => match (
                self.program.index.callee(&call.func, scope),
                &call.arguments.args[..],
            ) {
                (Callee::Qualified(path), [iterable]) if path == "len" => {
                    i64::try_from(self.items_at(iterable, scope)?).ok()
                }
                _ => None,
            },
            Expr::Name(name) => {
                self.through_name(&name.id, scope, |value, scope| self.int_at(value, scope))
            }
            _ => None,
        }
    }

    /// The largest of `measure` over every value `name` can hold here: its
    /// assignments, or for a parameter, what every caller passes.
    fn through_name<T: Ord>(
        &self,
        name: &str,
        scope: &Scope<'a>,
        measure: impl Fn(&Expr, &Scope<'a>) -> Option<T>,
    ) -> Option<T> {
        match self.program.index.lookup(name, scope) {
            Lookup::Bound(bindings) => {
                largest(
                    bindings
                        .iter()
                        .map(|binding: &Binding<'a>| match binding.kind {
                            BindingKind::Assigned => measure(binding.value, &binding.scope),
                            _ => None,
                        }),
                )
            }
            Lookup::Parameter { def, position } => {
                let arguments = self.arguments(def, position, name)?;
                largest(arguments.iter().map(|(value, scope)| measure(value, scope)))
            }
            _ => None,
        }
    }

    /// What every call of `def` in the program passes for one parameter;
    /// `None` if it is never called, or some call is not plain enough to read.
    fn arguments(
        &self,
        def: &'a StmtFunctionDef,
        position: Option<usize>,
        name: &str,
    ) -> Option<Vec<(&'a Expr, Scope<'a>)>> {
        let index = self.program.index;
        let calls = index.calls.iter().filter(|(call, scope)| {
            matches!(index.callee(&call.func, scope), Callee::Function(f) if std::ptr::eq(f, def))
        });
        let default = def
            .parameters
            .iter_non_variadic_params()
            .find(|parameter| parameter.name().as_str() == name)
            .and_then(|parameter| parameter.default.as_deref());
        let mut values = Vec::new();
        for (call, scope) in calls {
            let keyword = call
                .arguments
                .keywords
                .iter()
                .find(|keyword| keyword.arg.as_ref().is_some_and(|arg| arg.as_str() == name));
            // Called as `obj.method(...)`, a method's first parameter is `obj`.
            let bound = matches!(call.func.as_ref(), Expr::Attribute(_))
                && index.class_of(def).is_some()
                && !is_static(def);
            let positional = position
                .and_then(|position| position.checked_sub(usize::from(bound)))
                .and_then(|position| {
                    let before = call.arguments.args.iter().take(position + 1);
                    let unpacked = before.clone().any(|arg| matches!(arg, Expr::Starred(_)));
                    if unpacked {
                        None
                    } else {
                        call.arguments.args.get(position)
                    }
                });
            let value = keyword
                .map(|keyword| &keyword.value)
                .or(positional)
                .or(default)?;
            values.push((value, scope.clone()));
        }
        (!values.is_empty()).then_some(values)
    }
}

/// The largest value, or `None` if any is unknown (or there are none).
fn largest<T: Ord>(values: impl Iterator<Item = Option<T>>) -> Option<T> {
    values.collect::<Option<Vec<T>>>()?.into_iter().max()
}

fn range_len(bounds: &[i64]) -> Option<u64> {
    let (start, stop, step) = match *bounds {
        [stop] => (0, stop, 1),
        [start, stop] => (start, stop, 1),
        [start, stop, step] if step != 0 => (start, stop, step),
        _ => return None,
    };
    let span = if step > 0 { stop - start } else { start - stop };
    if span <= 0 {
        return Some(0);
    }
    let step = step.unsigned_abs();
    Some((span as u64).div_ceil(step))
}
