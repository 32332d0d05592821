//! The one list of error codes.
//!
//! Codes are stable: a code, once published, keeps its meaning. `docs/errors.md` is generated
//! from [`ErrorCode::ALL`] and a test fails when the page and this list disagree, and another
//! checks that each code's example really produces that code.

macro_rules! error_codes {
    ($( $variant:ident = $code:literal, $title:literal; )*) => {
        /// Every error shareguard can report about a policy file.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum ErrorCode {
            $( $variant, )*
        }

        impl ErrorCode {
            pub const ALL: &'static [ErrorCode] = &[ $( ErrorCode::$variant, )* ];

            /// The stable code, such as `E0201`.
            pub fn as_str(self) -> &'static str {
                match self { $( ErrorCode::$variant => $code, )* }
            }

            /// A short title for the docs page.
            pub fn title(self) -> &'static str {
                match self { $( ErrorCode::$variant => $title, )* }
            }
        }
    };
}

error_codes! {
    Syntax = "E0001", "The text does not follow the language's grammar";
    InvalidString = "E0002", "A quoted text has an invalid escape";
    InvalidDate = "E0003", "A date that is not on the calendar";
    NotUtf8 = "E0004", "The file is not UTF-8 text";
    TooDeep = "E0005", "Nesting too deep";
    InvalidNumber = "E0006", "A number that cannot be used here";
    Unreadable = "E0007", "A file that cannot be read";
    MissingPolicy = "E0101", "No `policy` header";
    MissingRecord = "E0102", "No `record` declaration";
    DuplicateDeclaration = "E0103", "A second `policy` or `record`";
    UnknownAttribute = "E0104", "An attribute the language does not know";
    DuplicateAttribute = "E0105", "An attribute given twice";
    ShareOutsideRecipient = "E0106", "A `share` outside a recipient";
    NeverWithoutTo = "E0107", "A top-level `never share` without `to`";
    NeverWithTo = "E0108", "A `never share ... to` inside a recipient";
    UnknownField = "E0201", "An unknown field or group";
    UnknownCategory = "E0202", "An unknown category";
    UnknownRecipient = "E0203", "An unknown recipient";
    UnknownType = "E0204", "An unknown type";
    UnknownValue = "E0205", "An attribute value the language does not know";
    UnknownFunction = "E0206", "An unknown function";
    UnknownTransform = "E0207", "An unknown transform";
    UnknownLint = "E0208", "An `allow` that names no lint";
    DuplicateName = "E0210", "A name declared twice";
    GroupCycle = "E0211", "A group that includes itself";
    NameClash = "E0212", "A name that could mean two things";
    TypeMismatch = "E0301", "A comparison between different kinds of values";
    NotOrdered = "E0302", "An ordering between values that have no order";
    NotInEnum = "E0303", "A value that is not one of the field's values";
    NotACondition = "E0304", "Something that is not a yes/no condition";
    PathThroughList = "E0305", "A condition that reads a field inside a list";
    BadArgument = "E0306", "A function given the wrong kind of value";
    TransformType = "E0307", "A transform that does not fit the field";
    BadTransformParameter = "E0308", "A transform with a missing or invalid number";
    TwoForms = "E0401", "A field shared in two forms to one recipient";
    MissingKind = "E0402", "A recipient without `kind`";
    MissingPurpose = "E0403", "A recipient without `purpose`";
    BadKey = "E0404", "A `key` that cannot identify records";
    BadDays = "E0405", "A number of days that is not a positive whole number";
    AllowWithoutReason = "E0406", "An `allow` without a reason";
    InvalidGiven = "E0501", "An example record that the record declaration rejects";
    MissingGiven = "E0502", "An example without `given`";
    DuplicateExpect = "E0503", "Two expectations for one recipient in one example";
    DuplicateJsonKey = "E0504", "A key written twice in one JSON object";
}

impl std::fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}
