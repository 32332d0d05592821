//! Transforms (`as hashed`, `as first 3`, `as rounded to 100`): their shape and the field types
//! they fit (LANGUAGE.md section 4, "Transforms").

use super::{Checker, suggest};
use crate::diagnostic::{Diagnostic, ErrorCode};
use crate::ir::{FieldType, Form, Step};
use crate::syntax::ast::*;

const TRANSFORMS: [&str; 6] = ["hashed", "masked", "first", "year", "age_band", "rounded"];

impl Checker<'_> {
    /// The form an item is shared in; `None` after reporting a malformed transform.
    pub(super) fn form(&mut self, transform: Option<&TransformExpr>) -> Option<Form> {
        let Some(t) = transform else {
            return Some(Form::Raw);
        };
        let name = t.name.name.as_str();
        let simple = match name {
            "hashed" => Some(Form::Hashed),
            "masked" => Some(Form::Masked),
            "year" => Some(Form::Year),
            "age_band" => Some(Form::AgeBand),
            _ => None,
        };
        if let Some(form) = simple {
            if t.to.is_some() || t.number.is_some() {
                self.report(
                    Diagnostic::error(
                        ErrorCode::BadTransformParameter,
                        format!("`{name}` takes no number"),
                        t.span,
                    )
                    .with_label("unexpected number")
                    .with_help(format!("write just `as {name}`")),
                );
                return None;
            }
            return Some(form);
        }
        match name {
            "first" => {
                let n = self.transform_number(t, "first", "as first 3")?;
                if t.to.is_some() {
                    self.report(
                        Diagnostic::error(
                            ErrorCode::BadTransformParameter,
                            "`first` is written without `to`",
                            t.span,
                        )
                        .with_help(format!("write `as first {}`", n.text)),
                    );
                    return None;
                }
                if n.value < 1.0 || n.value.fract() != 0.0 || n.value > f64::from(u32::MAX) {
                    self.report(
                        Diagnostic::error(
                            ErrorCode::BadTransformParameter,
                            "`first` needs a whole number of characters, at least 1",
                            n.span,
                        )
                        .with_label("not a positive whole number"),
                    );
                    return None;
                }
                #[expect(
                    clippy::cast_possible_truncation,
                    reason = "a whole number from 1 to u32::MAX (checked above)"
                )]
                let n = n.value as u32;
                Some(Form::First(n))
            }
            "rounded" => {
                let n = self.transform_number(t, "rounded to", "as rounded to 100")?;
                if t.to.is_none() {
                    self.report(
                        Diagnostic::error(
                            ErrorCode::BadTransformParameter,
                            "`rounded` is written `rounded to N`",
                            t.span,
                        )
                        .with_help(format!("write `as rounded to {}`", n.text)),
                    );
                    return None;
                }
                let Some(step) = Step::new(n.value) else {
                    self.report(
                        Diagnostic::error(
                            ErrorCode::BadTransformParameter,
                            "values can only be rounded to a number above zero",
                            n.span,
                        )
                        .with_label("not above zero"),
                    );
                    return None;
                };
                Some(Form::RoundedTo(step))
            }
            _ => {
                self.report(
                    Diagnostic::error(
                        ErrorCode::UnknownTransform,
                        format!("there is no transform `{name}`"),
                        t.name.span,
                    )
                    .with_label("unknown transform")
                    .with_help(suggest::help(name, TRANSFORMS).unwrap_or_else(|| {
                        "the transforms are hashed, masked, first N, year, age_band and \
                         rounded to N"
                            .into()
                    })),
                );
                None
            }
        }
    }

    fn transform_number<'t>(
        &mut self,
        t: &'t TransformExpr,
        name: &str,
        example: &str,
    ) -> Option<&'t NumLit> {
        if t.number.is_none() {
            self.report(
                Diagnostic::error(
                    ErrorCode::BadTransformParameter,
                    format!("`{name}` needs a number"),
                    t.span,
                )
                .with_label("number missing")
                .with_help(format!("for example `{example}`")),
            );
        }
        t.number.as_ref()
    }

    /// Checks that `form` fits every leaf an item covers; reports the first that does not.
    pub(super) fn check_form_fits(
        &mut self,
        form: &Form,
        leaves: &[String],
        item: &ShareItem,
    ) -> bool {
        if *form == Form::Raw {
            return true;
        }
        let Some(transform_span) = item.transform.as_ref().map(|t| t.span) else {
            return true;
        };
        let misfits: Vec<(&String, FieldType)> = leaves
            .iter()
            .filter_map(|leaf| {
                let info = self.schema.info.get(leaf)?;
                (!info.poisoned && !crate::semantics::transform::fits(form, &info.ty))
                    .then(|| (leaf, info.ty.clone()))
            })
            .collect();
        let Some((leaf, ty)) = misfits.first() else {
            return true;
        };
        let others = match misfits.len() {
            1 => String::new(),
            2 => " (and 1 other field)".to_string(),
            n => format!(" (and {} other fields)", n - 1),
        };
        let applies = applies_to(form);
        let field_span = self.field_span(leaf);
        self.report(
            Diagnostic::error(
                ErrorCode::TransformType,
                format!(
                    "`{form}` cannot be applied to `{leaf}`{others}, which is {}",
                    super::type_words(ty)
                ),
                transform_span,
            )
            .with_label(format!("`{form}` applies to {applies}"))
            .with_secondary(field_span, format!("`{leaf}` is declared here"))
            .with_help(match ty {
                FieldType::List { .. } => {
                    "transforms apply to single values, not to lists; share the list as it is \
                     or not at all"
                        .to_string()
                }
                _ => format!(
                    "share the field without `as {form}`, or choose a transform that fits {}",
                    super::type_words(ty)
                ),
            }),
        );
        false
    }
}

fn applies_to(form: &Form) -> &'static str {
    match form {
        Form::Raw => "any field",
        Form::Hashed => "text, numbers, dates and one-of values",
        Form::Masked | Form::First(_) => "text",
        Form::Year | Form::AgeBand => "dates",
        Form::RoundedTo(_) => "numbers",
    }
}
