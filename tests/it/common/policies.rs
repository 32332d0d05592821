//! Generators of policies for property and differential tests: random rules, conditions,
//! transforms and `never`s over a record declaration, and random record declarations.

#![allow(dead_code)]

use proptest::prelude::*;
use shareguard::ir::{
    CmpOp, Condition, ConditionKind, Field, FieldType, Form, Function, Ir, Literal, Loc, NeverRule,
    NeverScope, Num, Obligation, Operand, Recipient, RecipientKind, RecordSchema, ShareItem,
    ShareRule, Step,
};
use shareguard::semantics::schema::Schema;

pub fn loc(line: usize) -> Loc {
    Loc {
        file: "generated.share".into(),
        line,
        column: 1,
        span: Default::default(),
    }
}

/// Leaves a condition can read: not inside a list.
pub fn readable(index: &Schema) -> Vec<Field> {
    index
        .leaves()
        .iter()
        .filter(|l| !index.through_list(l))
        .filter_map(|l| index.get(l).cloned())
        .filter(|f| !matches!(f.ty, FieldType::List { .. }))
        .collect()
}

pub fn atom(fields: Vec<Field>, presence: bool) -> BoxedStrategy<Condition> {
    let chosen = proptest::sample::select(fields);
    let compare = chosen.clone().prop_flat_map(|f| {
        let path = f.path.clone();
        let field = Operand::Field { path: path.clone() };
        let literal: BoxedStrategy<Literal> = match &f.ty {
            FieldType::Bool => any::<bool>().prop_map(Literal::Bool).boxed(),
            FieldType::Number | FieldType::Integer => (-5000i64..5000)
                .prop_map(|n| Literal::Number(Num::Int(n)))
                .boxed(),
            FieldType::Date => (1920i32..2030)
                .prop_map(|y| Literal::Date(format!("{y:04}-06-15")))
                .boxed(),
            FieldType::Enum { values } => proptest::sample::select(values.clone())
                .prop_map(Literal::Text)
                .boxed(),
            _ => "[a-z]{0,3}".prop_map(Literal::Text).boxed(),
        };
        let ordered = matches!(
            f.ty,
            FieldType::Number | FieldType::Integer | FieldType::Date
        );
        let ops: Vec<CmpOp> = if ordered {
            vec![
                CmpOp::Eq,
                CmpOp::Ne,
                CmpOp::Lt,
                CmpOp::Le,
                CmpOp::Gt,
                CmpOp::Ge,
            ]
        } else {
            vec![CmpOp::Eq, CmpOp::Ne]
        };
        let is_bool = f.ty == FieldType::Bool;
        let is_date = f.ty == FieldType::Date;
        (
            proptest::sample::select(ops),
            literal,
            any::<bool>(),
            0u8..4,
        )
            .prop_map(move |(cmp, lit, flag, pick)| {
                Condition::new(match pick {
                    0 if is_bool => ConditionKind::IsTrue {
                        field: path.clone(),
                    },
                    1 if is_date => ConditionKind::Compare {
                        cmp: CmpOp::Ge,
                        left: Operand::Call {
                            function: shareguard::ir::Function::Age,
                            arg: Box::new(field.clone()),
                        },
                        right: Operand::Literal {
                            value: Literal::Number(Num::Int(18)),
                        },
                    },
                    2 => ConditionKind::In {
                        operand: field.clone(),
                        values: vec![lit],
                        negated: flag,
                    },
                    _ => ConditionKind::Compare {
                        cmp,
                        left: field.clone(),
                        right: Operand::Literal { value: lit },
                    },
                })
            })
    });
    if presence {
        prop_oneof![
            4 => compare,
            1 => chosen.clone().prop_map(|f| Condition::new(ConditionKind::IsMissing { field: f.path })),
            1 => chosen.prop_map(|f| Condition::new(ConditionKind::IsPresent { field: f.path })),
            1 => any::<bool>().prop_map(|value| Condition::new(ConditionKind::Constant { value })),
        ]
        .boxed()
    } else {
        prop_oneof![
            6 => compare,
            1 => any::<bool>().prop_map(|value| Condition::new(ConditionKind::Constant { value })),
        ]
        .boxed()
    }
}

pub fn condition(fields: Vec<Field>, presence: bool) -> BoxedStrategy<Condition> {
    nest(atom(fields, presence))
}

/// Conditions over a declaration: tests of fields and of functions of fields, nested.
pub fn condition_over(schema: &Schema, presence: bool) -> BoxedStrategy<Condition> {
    let fields = atom(readable(schema), presence);
    match function_atom(schema) {
        Some(functions) => nest(prop_oneof![3 => fields, 1 => functions].boxed()),
        None => nest(fields),
    }
}

fn nest(atoms: BoxedStrategy<Condition>) -> BoxedStrategy<Condition> {
    atoms
        .prop_recursive(3, 12, 3, |inner| {
            prop_oneof![
                inner
                    .clone()
                    .prop_map(|c| Condition::new(ConditionKind::Not { arg: Box::new(c) })),
                proptest::collection::vec(inner.clone(), 2..4)
                    .prop_map(|args| Condition::new(ConditionKind::And { args })),
                proptest::collection::vec(inner, 2..4)
                    .prop_map(|args| Condition::new(ConditionKind::Or { args })),
            ]
        })
        .boxed()
}

pub fn forms_for(ty: &FieldType) -> Vec<Form> {
    let all = [
        Form::Raw,
        Form::Hashed,
        Form::Masked,
        Form::First(2),
        Form::Year,
        Form::AgeBand,
        Form::RoundedTo(Step::new(10.0).unwrap()),
    ];
    all.into_iter()
        .filter(|f| shareguard::semantics::transform::fits(f, ty))
        .collect()
}

/// A recipient with random shares (one form per leaf) and nevers.
pub fn recipient(index: &Schema, name: String, presence: bool) -> BoxedStrategy<Recipient> {
    let leaves: Vec<Field> = index
        .leaves()
        .iter()
        .filter_map(|l| index.get(l).cloned())
        .collect();
    let form_choices: Vec<BoxedStrategy<Form>> = leaves
        .iter()
        .map(|f| proptest::sample::select(forms_for(&f.ty)).boxed())
        .collect();
    let cond = proptest::option::of(condition_over(index, presence));
    let leaf_names: Vec<String> = leaves.iter().map(|f| f.path.clone()).collect();
    let subset = proptest::sample::subsequence(leaf_names.clone(), 0..=leaf_names.len());
    let share = (subset.clone(), cond.clone(), cond.clone());
    let never = (subset, any::<bool>(), cond.clone(), cond);
    (
        form_choices,
        proptest::collection::vec(share, 0..4),
        proptest::collection::vec(never, 0..3),
        notify(),
    )
        .prop_map(move |(forms, shares, nevers, notify)| {
            let form_of = |leaf: &str| {
                let i = leaf_names.iter().position(|l| l == leaf).unwrap();
                forms[i].clone()
            };
            let shares = shares
                .into_iter()
                .enumerate()
                .map(|(i, (fields, when, unless))| ShareRule {
                    text: format!("share #{i}"),
                    items: fields
                        .iter()
                        .map(|f| ShareItem {
                            selector: f.clone(),
                            form: form_of(f),
                            fields: vec![f.clone()],
                            span: Default::default(),
                            selector_span: Default::default(),
                        })
                        .collect(),
                    when,
                    unless,
                    allows: vec![],
                    loc: loc(10 + i),
                })
                .collect();
            let nevers = nevers
                .into_iter()
                .enumerate()
                .map(|(i, (fields, raw, when, unless))| NeverRule {
                    text: format!("never #{i}"),
                    scope: NeverScope::Recipient,
                    fields,
                    raw,
                    when,
                    unless,
                    allows: vec![],
                    loc: loc(50 + i),
                })
                .collect();
            Recipient {
                name: name.clone(),
                display_name: None,
                kind: RecipientKind::Vendor,
                purpose: "generated".into(),
                basis: None,
                contract: None,
                brand: None,
                parent: None,
                shares,
                nevers,
                obligations: notify.into_iter().collect(),
                allows: vec![],
                loc: loc(1),
                attribute_spans: vec![],
            }
        })
        .boxed()
}

/// No `notify`, one with a written message, or one whose message is generated per record.
fn notify() -> BoxedStrategy<Option<Obligation>> {
    let notify = |message: Option<&str>| Obligation::Notify {
        message: message.map(str::to_string),
        within_days: 30,
        loc: loc(90),
    };
    prop_oneof![
        1 => Just(None),
        1 => Just(Some(notify(Some("We shared your data")))),
        2 => Just(Some(notify(None))),
    ]
    .boxed()
}

/// Conditions on functions of fields: `lower(text)`, `count(list)`, `days_since(date)`, and
/// `today` against a date.
pub fn function_atom(schema: &Schema) -> Option<BoxedStrategy<Condition>> {
    let mut choices: Vec<BoxedStrategy<Condition>> = Vec::new();
    for field in schema.top_level().iter().chain(readable(schema).iter()) {
        let arg = Box::new(Operand::Field {
            path: field.path.clone(),
        });
        let number = |n: i64| Operand::Literal {
            value: Literal::Number(Num::Int(n)),
        };
        match &field.ty {
            FieldType::Text => {
                let arg = arg.clone();
                choices.push(
                    "[a-zA-Z]{0,2}"
                        .prop_map(move |t| {
                            Condition::new(ConditionKind::Compare {
                                cmp: CmpOp::Eq,
                                left: Operand::Call {
                                    function: Function::Lower,
                                    arg: arg.clone(),
                                },
                                right: Operand::Literal {
                                    value: Literal::Text(t),
                                },
                            })
                        })
                        .boxed(),
                );
            }
            FieldType::List { .. } if !schema.through_list(&field.path) => {
                let arg = arg.clone();
                choices.push(
                    (0i64..3)
                        .prop_map(move |n| {
                            Condition::new(ConditionKind::Compare {
                                cmp: CmpOp::Gt,
                                left: Operand::Call {
                                    function: Function::Count,
                                    arg: arg.clone(),
                                },
                                right: number(n),
                            })
                        })
                        .boxed(),
                );
            }
            FieldType::Date => {
                let arg = arg.clone();
                choices.push(
                    (0i64..40_000)
                        .prop_map(move |n| {
                            Condition::new(ConditionKind::Compare {
                                cmp: CmpOp::Le,
                                left: Operand::Call {
                                    function: Function::DaysSince,
                                    arg: arg.clone(),
                                },
                                right: number(n),
                            })
                        })
                        .boxed(),
                );
                choices.push(
                    (1990i32..2040)
                        .prop_map(|y| {
                            Condition::new(ConditionKind::Compare {
                                cmp: CmpOp::Ge,
                                left: Operand::Today,
                                right: Operand::Literal {
                                    value: Literal::Date(format!("{y}-01-01")),
                                },
                            })
                        })
                        .boxed(),
                );
            }
            _ => {}
        }
    }
    (!choices.is_empty()).then(|| proptest::strategy::Union::new(choices).boxed())
}

/// A scalar type, for a random declaration.
fn scalar() -> BoxedStrategy<FieldType> {
    prop_oneof![
        Just(FieldType::Text),
        Just(FieldType::Number),
        Just(FieldType::Integer),
        Just(FieldType::Bool),
        Just(FieldType::Date),
        Just(FieldType::Enum {
            values: vec!["gold".into(), "silver".into(), "bronze".into()]
        }),
    ]
    .boxed()
}

const TAGS: [&str; 4] = ["contact", "sensitive", "preference", "behavioral"];

/// Fields named `{prefix}f0`, `{prefix}f1`... under `parent`.
fn fields(types: Vec<(FieldType, bool, usize)>, parent: &str) -> Vec<Field> {
    types
        .into_iter()
        .enumerate()
        .map(|(i, (ty, optional, tag))| {
            let name = format!("f{i}");
            let path = if parent.is_empty() {
                name.clone()
            } else {
                format!("{parent}.{name}")
            };
            let ty = match ty {
                FieldType::Object { fields: inner } => FieldType::Object {
                    fields: rename(inner, &path),
                },
                FieldType::List { element } => match *element {
                    FieldType::Object { fields: inner } => FieldType::List {
                        element: Box::new(FieldType::Object {
                            fields: rename(inner, &path),
                        }),
                    },
                    other => FieldType::List {
                        element: Box::new(other),
                    },
                },
                other => other,
            };
            Field {
                name,
                path,
                ty,
                optional,
                tags: vec![TAGS[tag % TAGS.len()].to_string()],
                label: None,
                loc: loc(1),
            }
        })
        .collect()
}

/// Re-paths the fields of a nested object under `parent`.
fn rename(inner: Vec<Field>, parent: &str) -> Vec<Field> {
    fields(
        inner.into_iter().map(|f| (f.ty, f.optional, 0)).collect(),
        parent,
    )
}

/// A random record declaration: scalars, objects of scalars, lists of scalars and of objects,
/// some optional; the first field is a required text key.
pub fn declaration() -> BoxedStrategy<RecordSchema> {
    let nested = proptest::collection::vec((scalar(), any::<bool>()), 1..4).prop_map(|inner| {
        inner
            .into_iter()
            .map(|(ty, optional)| Field {
                name: String::new(),
                path: String::new(),
                ty,
                optional,
                tags: vec![],
                label: None,
                loc: loc(1),
            })
            .collect::<Vec<Field>>()
    });
    let ty = prop_oneof![
        6 => scalar(),
        1 => nested.clone().prop_map(|fields| FieldType::Object { fields }),
        1 => scalar().prop_map(|t| FieldType::List { element: Box::new(t) }),
        1 => nested.prop_map(|fields| FieldType::List {
            element: Box::new(FieldType::Object { fields })
        }),
    ];
    proptest::collection::vec((ty, any::<bool>(), 0usize..4), 2..8)
        .prop_map(|types| {
            let mut all = vec![(FieldType::Text, false, 0)];
            all.extend(types);
            RecordSchema {
                name: "generated".into(),
                key: Some("f0".into()),
                fields: fields(all, ""),
            }
        })
        .boxed()
}

/// A whole random policy: a random declaration and up to three recipients with random rules.
pub fn policy() -> BoxedStrategy<Ir> {
    declaration()
        .prop_flat_map(|record| {
            let schema = Schema::new(&record);
            let recipients =
                proptest::collection::vec(recipient(&schema, String::new(), true), 1..4);
            (Just(record), recipients)
        })
        .prop_map(|(record, mut recipients)| {
            for (i, r) in recipients.iter_mut().enumerate() {
                r.name = format!("recipient_{i}");
            }
            let policy = shareguard::policy::compile(
                shareguard::span::SourceFile::new(
                    "base.share",
                    "policy \"generated\" {}\nrecord r key id { id: text }\n",
                ),
                &shareguard::lint::LintOptions::default(),
            );
            let mut ir = policy.ir.expect("the base policy checks");
            ir.source.file = "generated.share".into();
            ir.record = record;
            ir.recipients = recipients;
            ir
        })
        .boxed()
}
