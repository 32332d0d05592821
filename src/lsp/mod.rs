//! `shareguard lsp`: a Language Server Protocol server on standard input and output.
//!
//! One thread answers the editor, one message at a time, over rust-analyzer's `lsp-server`
//! scaffold (`docs/lsp.md` says why that one). Documents are kept in step with the editor's
//! incremental edits ([`document`]); each version is checked once, when something first needs
//! it ([`analysis`]), by the same `policy::compile` as `shareguard check`, so the diagnostics
//! are exactly those of `check`.
//!
//! Diagnostics are published when a document opens, and after a change once the editor has
//! been quiet for [`DEBOUNCE`]: a burst of edits (a paste, fast typing, edits that queue while
//! a large policy is being checked) is checked once, for its last version.
//!
//! Nothing the editor sends can stop the server: text that does not parse gets diagnostics,
//! never an error; a request about a document that is not open gets an empty answer; and every
//! message is handled inside a panic guard, so a bug in one feature fails that request (the
//! editor is told, and the message is logged) while the session goes on.
//!
//! Features, one module each: [`hover`], [`navigate`] (definition, references),
//! [`completion`], [`format`], [`symbols`], [`actions`] (quick fixes), [`diagnostics`].

pub mod actions;
pub mod analysis;
pub mod completion;
pub mod diagnostics;
pub mod document;
pub mod format;
pub mod hover;
pub mod navigate;
pub mod position;
pub mod symbols;
mod tokens;
mod words;

use std::collections::{BTreeSet, HashMap};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::time::Duration;

use crossbeam_channel::RecvTimeoutError;
use lsp_server::{Connection, ErrorCode, Message, Notification, Request, Response};
use lsp_types::notification::{
    DidChangeTextDocument, DidCloseTextDocument, DidOpenTextDocument, LogMessage,
    Notification as _, PublishDiagnostics,
};
use lsp_types::request::{
    CodeActionRequest, Completion, DocumentSymbolRequest, Formatting, GotoDefinition, HoverRequest,
    References, Request as _,
};
use lsp_types::{
    CodeActionKind, CodeActionOptions, CodeActionProviderCapability, CompletionOptions,
    InitializeResult, LogMessageParams, MessageType, OneOf, PositionEncodingKind,
    PublishDiagnosticsParams, ServerCapabilities, ServerInfo, TextDocumentSyncCapability,
    TextDocumentSyncKind, Uri,
};
use serde_json::Value;

use document::{Document, Text};

/// How long the editor must be quiet after a change before its diagnostics are computed.
pub const DEBOUNCE: Duration = Duration::from_millis(5);

/// Why the server stopped other than by the protocol's `shutdown` and `exit`.
#[derive(Debug)]
pub enum ServeError {
    /// The editor broke the protocol (no `initialize` first, a malformed message...).
    Protocol(String),
    /// The editor sent `exit` without `shutdown` first (the protocol's exit code is then 1).
    ExitWithoutShutdown,
}

impl std::fmt::Display for ServeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ServeError::Protocol(message) => write!(f, "language server protocol error: {message}"),
            ServeError::ExitWithoutShutdown => {
                f.write_str("the editor asked to exit without shutting down first")
            }
        }
    }
}

impl From<lsp_server::ProtocolError> for ServeError {
    fn from(err: lsp_server::ProtocolError) -> ServeError {
        ServeError::Protocol(err.to_string())
    }
}

/// What this server can do, for `initialize`.
pub fn capabilities() -> ServerCapabilities {
    ServerCapabilities {
        position_encoding: Some(PositionEncodingKind::UTF16),
        text_document_sync: Some(TextDocumentSyncCapability::Kind(
            TextDocumentSyncKind::INCREMENTAL,
        )),
        hover_provider: Some(lsp_types::HoverProviderCapability::Simple(true)),
        completion_provider: Some(CompletionOptions {
            trigger_characters: Some(vec![".".into(), "[".into()]),
            ..CompletionOptions::default()
        }),
        definition_provider: Some(OneOf::Left(true)),
        references_provider: Some(OneOf::Left(true)),
        document_formatting_provider: Some(OneOf::Left(true)),
        document_symbol_provider: Some(OneOf::Left(true)),
        code_action_provider: Some(CodeActionProviderCapability::Options(CodeActionOptions {
            code_action_kinds: Some(vec![CodeActionKind::QUICKFIX]),
            ..CodeActionOptions::default()
        })),
        ..ServerCapabilities::default()
    }
}

/// Serves one editor on standard input and output until it shuts the server down.
pub fn serve_stdio() -> Result<(), ServeError> {
    let (connection, io_threads) = Connection::stdio();
    let served = serve(&connection);
    drop(connection);
    io_threads
        .join()
        .map_err(|e| ServeError::Protocol(e.to_string()))?;
    served
}

/// Serves one editor over `connection`: the handshake, then every message until `exit`.
pub fn serve(connection: &Connection) -> Result<(), ServeError> {
    let result = InitializeResult {
        capabilities: capabilities(),
        server_info: Some(ServerInfo {
            name: "shareguard".into(),
            version: Some(env!("CARGO_PKG_VERSION").into()),
        }),
    };
    let result = serde_json::to_value(result).map_err(|e| ServeError::Protocol(e.to_string()))?;
    let (id, _params) = connection.initialize_start()?;
    connection.initialize_finish(id, result)?;
    let mut server = Server {
        connection,
        documents: HashMap::new(),
        pending: BTreeSet::new(),
    };
    server.run()
}

struct Server<'c> {
    connection: &'c Connection,
    documents: HashMap<Uri, Document>,
    /// Documents changed since their diagnostics were last published.
    pending: BTreeSet<String>,
}

impl Server<'_> {
    fn run(&mut self) -> Result<(), ServeError> {
        loop {
            let message = if self.pending.is_empty() {
                match self.connection.receiver.recv() {
                    Ok(message) => message,
                    Err(_) => return Ok(()),
                }
            } else {
                match self.connection.receiver.recv_timeout(DEBOUNCE) {
                    Ok(message) => message,
                    Err(RecvTimeoutError::Timeout) => {
                        self.guarded("publishing diagnostics", Self::publish_pending);
                        continue;
                    }
                    Err(RecvTimeoutError::Disconnected) => return Ok(()),
                }
            };
            match message {
                Message::Request(request) => {
                    if self.connection.handle_shutdown(&request)? {
                        return Ok(());
                    }
                    self.request(request);
                }
                Message::Notification(notification) if notification.method == "exit" => {
                    return Err(ServeError::ExitWithoutShutdown);
                }
                Message::Notification(notification) => {
                    let what = format!("`{}`", notification.method);
                    self.guarded(&what, |server| server.notification(notification));
                }
                Message::Response(_) => {}
            }
        }
    }

    /// Runs `work`; a panic in it is logged to the editor instead of ending the session.
    fn guarded(&mut self, what: &str, work: impl FnOnce(&mut Self)) {
        if let Err(panic) = catch_unwind(AssertUnwindSafe(|| work(self))) {
            let message = format!(
                "shareguard's language server failed while handling {what}: {}. Please report \
                 this; the server goes on.",
                panic_text(panic.as_ref())
            );
            self.log(MessageType::ERROR, message);
        }
    }

    fn request(&mut self, request: Request) {
        let id = request.id.clone();
        let method = request.method.clone();
        let answer = catch_unwind(AssertUnwindSafe(|| self.answer(request)));
        let response = match answer {
            Ok(Ok(value)) => Response::new_ok(id, value),
            Ok(Err((code, message))) => Response::new_err(id, code as i32, message),
            Err(panic) => {
                let message = format!(
                    "shareguard's language server failed on `{method}`: {}. Please report this; \
                     the server goes on.",
                    panic_text(panic.as_ref())
                );
                self.log(MessageType::ERROR, message.clone());
                Response::new_err(id, ErrorCode::InternalError as i32, message)
            }
        };
        self.send(response.into());
    }

    fn answer(&mut self, request: Request) -> Result<Value, (ErrorCode, String)> {
        use lsp_types::{
            CodeActionParams as Actions, CompletionParams as Complete,
            DocumentFormattingParams as Format, DocumentSymbolParams as Symbols,
            GotoDefinitionParams as Define, HoverParams as Hover, ReferenceParams as Refer,
        };
        let params = request.params;
        let answer = match request.method.as_str() {
            HoverRequest::METHOD => self.on(
                parse::<Hover>(params)?,
                |p| &p.text_document_position_params,
                |t, a, at| to_json(hover::hover(t, a, at)),
            ),
            GotoDefinition::METHOD => self.on(
                parse::<Define>(params)?,
                |p| &p.text_document_position_params,
                |t, a, at| to_json(navigate::definition(t, a, at)),
            ),
            References::METHOD => {
                let p: Refer = parse(params)?;
                let declaration = p.context.include_declaration;
                self.on(
                    p,
                    |p| &p.text_document_position,
                    |t, a, at| to_json(navigate::references(t, a, at, declaration)),
                )
            }
            Completion::METHOD => self.on(
                parse::<Complete>(params)?,
                |p| &p.text_document_position,
                |t, a, at| to_json(completion::complete(t, a, at)),
            ),
            Formatting::METHOD => {
                let p: Format = parse(params)?;
                self.with_document(&p.text_document.uri, |t, _| to_json(format::format(t)))
            }
            DocumentSymbolRequest::METHOD => {
                let p: Symbols = parse(params)?;
                self.with_document(&p.text_document.uri, |t, _| to_json(symbols::symbols(t)))
            }
            CodeActionRequest::METHOD => {
                let p: Actions = parse(params)?;
                self.with_document(&p.text_document.uri, |t, a| {
                    to_json(actions::code_actions(t, a, t.lines.span(&t.text, p.range)))
                })
            }
            #[cfg(debug_assertions)]
            "shareguard/fail" => fail_on_purpose(),
            other => {
                return Err((
                    ErrorCode::MethodNotFound,
                    format!("shareguard's language server does not handle `{other}`"),
                ));
            }
        };
        self.publish_analyzed();
        Ok(answer)
    }

    /// Runs a feature at the position a request names.
    fn on<P>(
        &mut self,
        params: P,
        at: impl Fn(&P) -> &lsp_types::TextDocumentPositionParams,
        feature: impl FnOnce(&Text, &analysis::Analysis, usize) -> Value,
    ) -> Value {
        let at = at(&params);
        self.with_document(&at.text_document.uri, |text, analysis| {
            feature(text, analysis, text.offset(at.position))
        })
    }

    /// Runs a feature on an open document (checking it if this version is not checked yet);
    /// a document that is not open gets `null`.
    fn with_document(
        &mut self,
        uri: &Uri,
        feature: impl FnOnce(&Text, &analysis::Analysis) -> Value,
    ) -> Value {
        match self.documents.get_mut(uri) {
            Some(document) => {
                let (text, analysis) = document.analyzed();
                feature(text, analysis)
            }
            None => Value::Null,
        }
    }

    fn notification(&mut self, notification: Notification) {
        match notification.method.as_str() {
            DidOpenTextDocument::METHOD => {
                let Ok(p) = parse::<lsp_types::DidOpenTextDocumentParams>(notification.params)
                else {
                    return;
                };
                let item = p.text_document;
                let uri = item.uri.clone();
                let document = Document::new(Text::new(item.uri, item.version, item.text));
                self.documents.insert(uri.clone(), document);
                self.publish(&uri);
            }
            DidChangeTextDocument::METHOD => {
                let Ok(p) = parse::<lsp_types::DidChangeTextDocumentParams>(notification.params)
                else {
                    return;
                };
                let uri = p.text_document.uri;
                if let Some(document) = self.documents.get_mut(&uri) {
                    document.change(p.text_document.version, p.content_changes);
                    self.pending.insert(uri.as_str().to_string());
                }
            }
            DidCloseTextDocument::METHOD => {
                let Ok(p) = parse::<lsp_types::DidCloseTextDocumentParams>(notification.params)
                else {
                    return;
                };
                let uri = p.text_document.uri;
                self.documents.remove(&uri);
                self.pending.remove(uri.as_str());
                // A closed file's problems leave the editor's list.
                self.notify::<PublishDiagnostics>(PublishDiagnosticsParams::new(uri, vec![], None));
            }
            _ => {}
        }
    }

    /// Checks and publishes every document changed since its last diagnostics.
    fn publish_pending(&mut self) {
        let uris: Vec<Uri> = self
            .documents
            .keys()
            .filter(|uri| self.pending.contains(uri.as_str()))
            .cloned()
            .collect();
        self.pending.clear();
        for uri in uris {
            self.publish(&uri);
        }
    }

    /// Publishes the changed documents that a request has checked already: it costs nothing.
    fn publish_analyzed(&mut self) {
        let ready: Vec<Uri> = self
            .documents
            .iter()
            .filter(|(uri, d)| d.analysis.is_some() && self.pending.contains(uri.as_str()))
            .map(|(uri, _)| uri.clone())
            .collect();
        for uri in ready {
            self.pending.remove(uri.as_str());
            self.publish(&uri);
        }
    }

    fn publish(&mut self, uri: &Uri) {
        let Some(document) = self.documents.get_mut(uri) else {
            return;
        };
        let (text, analysis) = document.analyzed();
        let params = PublishDiagnosticsParams::new(
            uri.clone(),
            diagnostics::all(text, &analysis.report.diagnostics),
            Some(text.version),
        );
        self.notify::<PublishDiagnostics>(params);
    }

    fn log(&mut self, typ: MessageType, message: String) {
        eprintln!("shareguard lsp: {message}");
        self.notify::<LogMessage>(LogMessageParams { typ, message });
    }

    fn notify<N: lsp_types::notification::Notification>(&self, params: N::Params) {
        self.send(Notification::new(N::METHOD.to_string(), params).into());
    }

    fn send(&self, message: Message) {
        // The editor has gone when this fails; the loop ends when its input closes.
        let _ = self.connection.sender.send(message);
    }
}

fn parse<P: serde::de::DeserializeOwned>(params: Value) -> Result<P, (ErrorCode, String)> {
    serde_json::from_value(params)
        .map_err(|e| (ErrorCode::InvalidParams, format!("invalid parameters: {e}")))
}

fn to_json(value: impl serde::Serialize) -> Value {
    serde_json::to_value(value).unwrap_or(Value::Null)
}

/// A request that fails inside the server, so that the tests can show the panic guard at work
/// (debug builds only).
#[cfg(debug_assertions)]
#[expect(clippy::panic, reason = "failing is the point")]
fn fail_on_purpose() -> Value {
    panic!("a failure on purpose, for the tests")
}

/// The message a panic was raised with.
fn panic_text(panic: &(dyn std::any::Any + Send)) -> String {
    panic
        .downcast_ref::<&str>()
        .map(|s| (*s).to_string())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "an unexpected failure".into())
}
