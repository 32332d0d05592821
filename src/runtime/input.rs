//! Reading input records: JSON Lines or one JSON array (detected from the first byte), in a
//! stream, with the line each record starts on.
//!
//! A record's bytes are handed on unparsed; parsing and validation happen per record, so a
//! malformed record is rejected on its own and the run goes on. Decisions where the spec is
//! silent: blank lines in JSON Lines are not records; a UTF-8 byte order mark at the start is
//! skipped; `\r\n` line endings are accepted. In an array, an element whose end cannot be found
//! (the file ends inside it) is rejected along with the rest of the file.

use std::io::{self, BufRead};

/// One record as read: where it starts and its raw bytes (or why it could not be cut out).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RawRecord<'a> {
    /// 1-based line where the record starts.
    pub line: u64,
    pub bytes: &'a [u8],
    /// Set when the reader could not cut a well-formed record out of the input.
    pub broken: Option<&'a str>,
}

/// A record read on its own, owning its bytes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OwnedRecord {
    pub line: u64,
    pub bytes: Vec<u8>,
    pub broken: Option<String>,
}

impl OwnedRecord {
    pub fn as_raw(&self) -> RawRecord<'_> {
        RawRecord {
            line: self.line,
            bytes: &self.bytes,
            broken: self.broken.as_deref(),
        }
    }
}

/// Where one record of a [`Batch`] sits in its buffer.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Span {
    line: u64,
    start: usize,
    end: usize,
    broken: Option<String>,
}

/// Many records in one buffer, reused from batch to batch so that reading allocates nothing
/// per record.
#[derive(Clone, Debug, Default)]
pub struct Batch {
    bytes: Vec<u8>,
    spans: Vec<Span>,
}

impl Batch {
    pub fn clear(&mut self) {
        self.bytes.clear();
        self.spans.clear();
    }

    pub fn len(&self) -> usize {
        self.spans.len()
    }

    pub fn is_empty(&self) -> bool {
        self.spans.is_empty()
    }

    /// Bytes of input the batch holds.
    pub fn size(&self) -> usize {
        self.bytes.len()
    }

    pub fn records(&self) -> impl Iterator<Item = RawRecord<'_>> {
        self.spans.iter().map(|span| RawRecord {
            line: span.line,
            bytes: self.bytes.get(span.start..span.end).unwrap_or_default(),
            broken: span.broken.as_deref(),
        })
    }
}

/// Yields records from JSON Lines or a JSON array.
#[derive(Debug)]
pub struct Records<R> {
    reader: R,
    format: Option<Format>,
    line: u64,
    done: bool,
    array_closed: bool,
    /// In an array: whether an element has been read since `[` (so a `,` must come next).
    after_element: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Format {
    Lines,
    Array,
}

impl<R: BufRead> Records<R> {
    pub fn new(reader: R) -> Self {
        Records {
            reader,
            format: None,
            line: 1,
            done: false,
            array_closed: false,
            after_element: false,
        }
    }

    /// Skips a BOM and leading whitespace, and looks at the first byte to choose the format.
    fn detect(&mut self) -> io::Result<Format> {
        let mut first = true;
        loop {
            let buf = self.reader.fill_buf()?;
            if buf.is_empty() {
                return Ok(Format::Lines);
            }
            let mut used = 0;
            if first && buf.starts_with(&[0xEF, 0xBB, 0xBF]) {
                used = 3;
            }
            first = false;
            while let Some(&b) = buf.get(used) {
                match b {
                    b'\n' => {
                        self.line += 1;
                        used += 1;
                    }
                    b' ' | b'\t' | b'\r' => used += 1,
                    b'[' => {
                        self.reader.consume(used + 1);
                        return Ok(Format::Array);
                    }
                    _ => {
                        self.reader.consume(used);
                        return Ok(Format::Lines);
                    }
                }
            }
            self.reader.consume(used);
        }
    }

    fn next_line(&mut self, bytes: &mut Vec<u8>) -> io::Result<Option<Span>> {
        let start = bytes.len();
        loop {
            let read = self.reader.read_until(b'\n', bytes)?;
            if read == 0 {
                return Ok(None);
            }
            let line = self.line;
            self.line += 1;
            if bytes.last() == Some(&b'\n') {
                bytes.pop();
            }
            if bytes.last() == Some(&b'\r') {
                bytes.pop();
            }
            if bytes
                .get(start..)
                .unwrap_or_default()
                .iter()
                .all(u8::is_ascii_whitespace)
            {
                bytes.truncate(start);
                continue;
            }
            return Ok(Some(Span {
                line,
                start,
                end: bytes.len(),
                broken: None,
            }));
        }
    }

    /// Cuts the next element out of a JSON array, tracking strings and nesting.
    fn next_element(&mut self, bytes: &mut Vec<u8>) -> io::Result<Option<Span>> {
        let start = bytes.len();
        if self.array_closed {
            return self.trailing(bytes);
        }
        // Between elements: `,` after an element, `]` where the list may end, and nothing
        // else (no leading, doubled or trailing commas: the file would not be valid JSON).
        let mut seen_comma = false;
        loop {
            let Some(b) = self.peek()? else {
                self.done = true;
                return Ok(Some(self.unclosed_array(start)));
            };
            match b {
                b' ' | b'\t' | b'\r' => self.reader.consume(1),
                b'\n' => {
                    self.line += 1;
                    self.reader.consume(1);
                }
                b',' if self.after_element && !seen_comma => {
                    seen_comma = true;
                    self.reader.consume(1);
                }
                b']' if !seen_comma => {
                    self.reader.consume(1);
                    self.array_closed = true;
                    return self.trailing(bytes);
                }
                b',' | b']' => {
                    return self.broken_array(bytes, "a `,` or `]` where a record should be");
                }
                _ if self.after_element && !seen_comma => {
                    return self.broken_array(bytes, "a record that does not follow a `,`");
                }
                _ => break,
            }
        }
        self.after_element = true;
        let line = self.line;
        let mut depth = 0usize;
        let mut in_string = false;
        let mut escaped = false;
        loop {
            let Some(b) = self.peek()? else {
                trim_end(bytes, start);
                let complete = depth == 0 && !in_string && bytes.len() > start;
                if !complete {
                    self.done = true;
                }
                // A complete element: the missing `]` is reported on the next call.
                return Ok(Some(Span {
                    line,
                    start,
                    end: bytes.len(),
                    broken: (!complete).then(|| {
                        "the input ends inside this record: the list is not closed".to_string()
                    }),
                }));
            };
            if in_string {
                match (escaped, b) {
                    (true, _) => escaped = false,
                    (false, b'\\') => escaped = true,
                    (false, b'"') => in_string = false,
                    _ => {}
                }
            } else {
                match b {
                    b'"' => in_string = true,
                    b'{' | b'[' => depth += 1,
                    b'}' | b']' if depth > 0 => depth -= 1,
                    b']' | b',' if depth == 0 => {
                        // The end of the element (depth 0); leave the delimiter for next time.
                        trim_end(bytes, start);
                        return Ok(Some(Span {
                            line,
                            start,
                            end: bytes.len(),
                            broken: None,
                        }));
                    }
                    _ => {}
                }
            }
            if b == b'\n' {
                self.line += 1;
            }
            bytes.push(b);
            self.reader.consume(1);
        }
    }

    fn peek(&mut self) -> io::Result<Option<u8>> {
        Ok(self.reader.fill_buf()?.first().copied())
    }

    /// The list of records is not valid JSON from here: the rest is one rejected record.
    fn broken_array(&mut self, bytes: &mut Vec<u8>, found: &str) -> io::Result<Option<Span>> {
        self.done = true;
        let line = self.line;
        let start = bytes.len();
        self.reader.read_to_end(bytes)?;
        Ok(Some(Span {
            line,
            start,
            end: bytes.len(),
            broken: Some(format!(
                "the list of records is not valid JSON here: {found}; the rest of the input \
                 is not read"
            )),
        }))
    }

    fn unclosed_array(&self, start: usize) -> Span {
        Span {
            line: self.line,
            start,
            end: start,
            broken: Some("the input ends before the list of records is closed with `]`".into()),
        }
    }

    /// After `]`: only whitespace may follow.
    fn trailing(&mut self, bytes: &mut Vec<u8>) -> io::Result<Option<Span>> {
        loop {
            let Some(b) = self.peek()? else {
                self.done = true;
                return Ok(None);
            };
            match b {
                b'\n' => {
                    self.line += 1;
                    self.reader.consume(1);
                }
                b' ' | b'\t' | b'\r' => self.reader.consume(1),
                _ => {
                    self.done = true;
                    let line = self.line;
                    let start = bytes.len();
                    self.reader.read_to_end(bytes)?;
                    return Ok(Some(Span {
                        line,
                        start,
                        end: bytes.len(),
                        broken: Some("there is text after the closing `]` of the list".into()),
                    }));
                }
            }
        }
    }
}

fn trim_end(bytes: &mut Vec<u8>, start: usize) {
    while bytes.len() > start && bytes.last().is_some_and(u8::is_ascii_whitespace) {
        bytes.pop();
    }
}

impl<R: BufRead> Records<R> {
    /// Appends the next record to `bytes`; `None` at the end of the input.
    fn next_into(&mut self, bytes: &mut Vec<u8>) -> io::Result<Option<Span>> {
        if self.done {
            return Ok(None);
        }
        let format = match self.format {
            Some(f) => f,
            None => {
                let f = self.detect().inspect_err(|_| self.done = true)?;
                self.format = Some(f);
                f
            }
        };
        let next = match format {
            Format::Lines => self.next_line(bytes),
            Format::Array => self.next_element(bytes),
        };
        match next {
            Ok(None) | Err(_) => self.done = true,
            Ok(Some(_)) => {}
        }
        next
    }

    /// Refills `batch` with up to `max_records` records or about `max_bytes` of input;
    /// returns false when the input is exhausted and the batch is empty.
    pub fn fill(
        &mut self,
        batch: &mut Batch,
        max_records: usize,
        max_bytes: usize,
    ) -> io::Result<bool> {
        batch.clear();
        while batch.len() < max_records && batch.size() < max_bytes {
            match self.next_into(&mut batch.bytes)? {
                Some(span) => batch.spans.push(span),
                None => break,
            }
        }
        Ok(!batch.is_empty())
    }
}

impl<R: BufRead> Iterator for Records<R> {
    type Item = io::Result<OwnedRecord>;

    fn next(&mut self) -> Option<Self::Item> {
        let mut bytes = Vec::new();
        match self.next_into(&mut bytes) {
            Ok(Some(span)) => {
                bytes.truncate(span.end);
                let bytes = bytes.split_off(span.start.min(bytes.len()));
                Some(Ok(OwnedRecord {
                    line: span.line,
                    bytes,
                    broken: span.broken,
                }))
            }
            Ok(None) => None,
            Err(e) => Some(Err(e)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(input: &str) -> Vec<(u64, String, bool)> {
        Records::new(input.as_bytes())
            .map(|r| {
                let r = r.unwrap();
                (
                    r.line,
                    String::from_utf8(r.bytes).unwrap(),
                    r.broken.is_some(),
                )
            })
            .collect()
    }

    #[test]
    fn json_lines_skip_blank_lines_bom_and_crlf() {
        let got = read("\u{feff}{\"a\":1}\r\n\r\n  \n{\"a\":2}\n");
        assert_eq!(
            got,
            vec![
                (1, "{\"a\":1}".into(), false),
                (4, "{\"a\":2}".into(), false)
            ]
        );
        assert_eq!(read(""), vec![]);
        assert_eq!(read("\n\n"), vec![]);
        assert_eq!(read("{\"a\":1}"), vec![(1, "{\"a\":1}".into(), false)]);
    }

    #[test]
    fn arrays_are_cut_into_elements_with_their_lines() {
        let got = read("[\n  {\"a\": \"x,]\"},\n  {\"b\": [1, 2]}\n]\n");
        assert_eq!(
            got,
            vec![
                (2, "{\"a\": \"x,]\"}".into(), false),
                (3, "{\"b\": [1, 2]}".into(), false)
            ]
        );
        assert_eq!(read("[]"), vec![]);
        assert_eq!(read("  [ ]  \n"), vec![]);
    }

    #[test]
    fn stray_commas_in_arrays_are_rejected() {
        for input in [
            "[{\"a\":1},]",
            "[,{\"a\":1}]",
            "[{\"a\":1},,{\"b\":2}]",
            "[,]",
        ] {
            let got = read(input);
            assert!(got.last().unwrap().2, "{input}: {got:?}");
        }
        assert_eq!(read("[ {\"a\":1} , {\"b\":2} ]").len(), 2);
        // Two values without a comma are one element, which is not valid JSON (rejected then).
        let got = read("[{\"a\":1} {\"b\":2}]");
        assert!(serde_json::from_str::<serde_json::Value>(&got[0].1).is_err());
    }

    #[test]
    fn broken_arrays_are_reported_not_lost() {
        let got = read("[{\"a\":1}, {\"b\":");
        assert_eq!(got.len(), 2);
        assert!(got[1].2);
        let got = read("[{\"a\":1}] x");
        assert_eq!(got.len(), 2);
        assert!(got[1].2);
        let got = read("[{\"a\":1}");
        assert!(got.last().unwrap().2);
    }
}
