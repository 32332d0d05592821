//! Field selectors and groups: from what a rule names to the leaf fields it covers.
//!
//! A selector is a path (`address.zip`, `visits.amount`), a group name, `all` or a `[category]`.
//! Groups may name other groups; a group that reaches itself is reported once, at the reference
//! that closes the loop, and is then treated as poisoned so its uses stay quiet.

use std::collections::HashMap;

use super::{Checker, duplicate_name, suggest};
use crate::diagnostic::{Diagnostic, ErrorCode};
use crate::ir;
use crate::span::Span;
use crate::syntax::ast::*;

#[derive(Clone, Debug)]
enum GroupState {
    Unresolved,
    InProgress,
    /// `None`: the group had an error, already reported.
    Done(Option<Vec<String>>),
}

#[derive(Default)]
pub(super) struct Groups<'a> {
    decls: Vec<&'a GroupDecl>,
    by_name: HashMap<String, usize>,
    state: Vec<GroupState>,
    /// A chain of groups too long to follow was reported: one report is enough.
    too_deep_reported: bool,
}

impl<'a> Groups<'a> {
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.decls.iter().map(|d| d.name.name.as_str())
    }

    pub fn to_ir(&self, checker: &Checker<'_>) -> Vec<ir::Group> {
        self.decls
            .iter()
            .zip(&self.state)
            .filter_map(|(decl, state)| match state {
                GroupState::Done(Some(fields)) => Some(ir::Group {
                    name: decl.name.name.clone(),
                    fields: fields.clone(),
                    loc: checker.loc(decl.span, decl.name.span),
                }),
                _ => None,
            })
            .collect()
    }
}

impl<'a> Checker<'a> {
    pub(super) fn groups(&mut self) {
        for decl in self.decls() {
            let Decl::Group(group) = decl else { continue };
            let name = &group.name.name;
            if let Some(&first) = self.groups.by_name.get(name) {
                let first_span = self
                    .groups
                    .decls
                    .get(first)
                    .map(|d| d.name.span)
                    .unwrap_or_default();
                self.report(duplicate_name("group", name, group.name.span, first_span));
                continue;
            }
            if let Some(field) = self.schema.info.get(name.as_str()) {
                let field_span = field.span;
                self.report(
                    Diagnostic::error(
                        ErrorCode::NameClash,
                        format!("the group `{name}` has the same name as a field"),
                        group.name.span,
                    )
                    .with_label("group")
                    .with_secondary(field_span, "the field")
                    .with_help("a rule naming it could mean either; give the group another name"),
                );
                continue;
            }
            self.groups
                .by_name
                .insert(name.clone(), self.groups.decls.len());
            self.groups.decls.push(group);
            self.groups.state.push(GroupState::Unresolved);
        }
        for index in 0..self.groups.decls.len() {
            self.resolve_group(index, &mut Vec::new());
        }
    }

    fn resolve_group(&mut self, index: usize, stack: &mut Vec<usize>) -> Option<Vec<String>> {
        match self.groups.state.get(index)? {
            GroupState::Done(result) => return result.clone(),
            GroupState::InProgress => return None,
            GroupState::Unresolved => {}
        }
        let decl = *self.groups.decls.get(index)?;
        self.set_group_state(index, GroupState::InProgress);
        stack.push(index);
        let mut fields: Vec<String> = Vec::new();
        let mut ok = true;
        for selector in &decl.selectors {
            match self.selector_leaves_in(selector, stack) {
                Some(leaves) => extend_unique(&mut fields, leaves),
                None => ok = false,
            }
        }
        stack.pop();
        let result = ok.then_some(fields);
        self.set_group_state(index, GroupState::Done(result.clone()));
        result
    }

    fn set_group_state(&mut self, index: usize, state: GroupState) {
        if let Some(slot) = self.groups.state.get_mut(index) {
            *slot = state;
        }
    }

    /// The leaf fields a selector covers, or `None` after reporting why it covers nothing.
    pub(super) fn selector_leaves(&mut self, selector: &FieldSelector) -> Option<Vec<String>> {
        self.selector_leaves_in(selector, &mut Vec::new())
    }

    fn selector_leaves_in(
        &mut self,
        selector: &FieldSelector,
        stack: &mut Vec<usize>,
    ) -> Option<Vec<String>> {
        match selector {
            FieldSelector::All(_) => {
                if self.schema.broken {
                    return None;
                }
                Some(self.schema.leaves.clone())
            }
            FieldSelector::Category(name, _) => {
                if !self.check_category(name) || self.schema.broken {
                    return None;
                }
                self.refer(name.span, ir::Target::Category(name.name.clone()));
                Some(
                    self.schema
                        .leaves
                        .iter()
                        .filter(|leaf| {
                            self.schema
                                .info
                                .get(leaf.as_str())
                                .is_some_and(|i| i.tags.contains(&name.name))
                        })
                        .cloned()
                        .collect(),
                )
            }
            FieldSelector::Path(path) => {
                if let [single] = path.segments.as_slice() {
                    if let Some(&index) = self.groups.by_name.get(&single.name) {
                        self.refer(single.span, ir::Target::Group(single.name.clone()));
                        return self.group_reference(index, single, stack);
                    }
                }
                let field = self.resolve_path(path, true)?;
                let info = self.schema.info.get(&field)?;
                if info.poisoned {
                    return None;
                }
                Some(info.leaves.clone())
            }
        }
    }

    fn group_reference(
        &mut self,
        index: usize,
        name: &Ident,
        stack: &mut Vec<usize>,
    ) -> Option<Vec<String>> {
        if let Some(position) = stack.iter().position(|&i| i == index) {
            let mut chain: Vec<&str> = stack
                .get(position..)
                .unwrap_or_default()
                .iter()
                .filter_map(|&i| self.groups.decls.get(i).map(|d| d.name.name.as_str()))
                .collect();
            chain.push(&name.name);
            let message = if chain.len() == 2 {
                format!("the group `{}` includes itself", name.name)
            } else {
                format!(
                    "the group `{}` includes itself through other groups: {}",
                    name.name,
                    chain.join(" → ")
                )
            };
            self.report(
                Diagnostic::error(ErrorCode::GroupCycle, message, name.span)
                    .with_label("this closes the loop")
                    .with_help(format!(
                        "a group cannot contain itself; remove `{}` from this list",
                        name.name
                    )),
            );
            return None;
        }
        if stack.len() >= crate::syntax::MAX_NESTING {
            // A chain of groups, each naming the next, is resolved by recursion: keep it within
            // the stack, like any other nesting.
            self.set_group_state(index, GroupState::Done(None));
            if std::mem::replace(&mut self.groups.too_deep_reported, true) {
                return None;
            }
            self.report(
                Diagnostic::error(
                    ErrorCode::TooDeep,
                    format!(
                        "groups include one another more than {} levels deep here",
                        crate::syntax::MAX_NESTING
                    ),
                    name.span,
                )
                .with_label("too deep")
                .with_help("name the fields directly instead of through so many groups"),
            );
            return None;
        }
        self.resolve_group(index, stack)
    }

    /// Resolves a dotted path to a declared field, reporting unknown names. Group names are
    /// offered as suggestions when `groups_allowed`.
    pub(super) fn resolve_path(&mut self, path: &Path, groups_allowed: bool) -> Option<String> {
        if self.schema.broken {
            return None;
        }
        let mut prefix = String::new();
        for (i, segment) in path.segments.iter().enumerate() {
            let candidate = if prefix.is_empty() {
                segment.name.clone()
            } else {
                format!("{prefix}.{}", segment.name)
            };
            if !self.schema.info.contains_key(&candidate) {
                self.unknown_segment(path, i, &prefix, groups_allowed);
                return None;
            }
            prefix = candidate;
        }
        self.refer(path.span, ir::Target::Field(prefix.clone()));
        Some(prefix)
    }

    fn unknown_segment(&mut self, path: &Path, index: usize, prefix: &str, groups_allowed: bool) {
        let Some(segment) = path.segments.get(index) else {
            return;
        };
        let name = segment.name.as_str();
        if index == 0 && self.parsed.broken.names.contains(name) {
            return;
        }
        let diagnostic = if index == 0 {
            let mut candidates: Vec<String> = self
                .schema
                .child_names("")
                .into_iter()
                .map(String::from)
                .collect();
            if groups_allowed {
                candidates.extend(self.groups.names().map(String::from));
            }
            let with_groups = groups_allowed && self.groups.names().next().is_some();
            let names = if with_groups {
                "the record's fields and the groups"
            } else {
                "the record's fields"
            };
            let what = if groups_allowed {
                "field or group"
            } else {
                "field"
            };
            Diagnostic::error(
                ErrorCode::UnknownField,
                format!("there is no {what} named `{name}`"),
                segment.span,
            )
            .with_label(format!("unknown {what}"))
            .with_optional_help(suggest::help_or_list(
                name,
                names,
                candidates.iter().map(String::as_str),
            ))
        } else {
            let parent_info = self.schema.info.get(prefix);
            if let Some(info) = parent_info.filter(|i| i.ty.children().is_empty()) {
                if info.poisoned {
                    return;
                }
                Diagnostic::error(
                    ErrorCode::UnknownField,
                    format!(
                        "`{prefix}` is {} and has no fields inside it",
                        info.ty.describe()
                    ),
                    segment.span,
                )
                .with_label("no such field")
                .with_help(format!("name `{prefix}` itself"))
            } else {
                let children = self.schema.child_names(prefix);
                Diagnostic::error(
                    ErrorCode::UnknownField,
                    format!("`{prefix}` has no field named `{name}`"),
                    segment.span,
                )
                .with_label("unknown field")
                .with_help(
                    suggest::help(name, children.iter().copied()).unwrap_or_else(|| {
                        format!("the fields of `{prefix}` are: {}", children.join(", "))
                    }),
                )
            }
        };
        self.report(diagnostic);
    }

    /// The declared span of a field, for secondary labels.
    pub(super) fn field_span(&self, path: &str) -> Span {
        self.schema
            .info
            .get(path)
            .map(|i| i.span)
            .unwrap_or_default()
    }
}

pub(super) fn extend_unique(into: &mut Vec<String>, more: Vec<String>) {
    for item in more {
        if !into.contains(&item) {
            into.push(item);
        }
    }
}
