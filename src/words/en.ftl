# The words shareguard uses to tell customers what a policy does: the notice (`shareguard notice`),
# the data map (`shareguard graph`), and the messages to customers that are made from a policy.
#
# This file is for the people who answer for those words. Change a sentence here, not in the code:
# the code only decides WHAT to say (which fields, which conditions), and every word comes from
# here. A translation is a copy of this file with the right side of each line translated, given to
# shareguard with `--words FILE`; any message it leaves out is taken from this file.
#
# The format is Fluent (https://projectfluent.org): `name = text`. `{ $name }` is filled in by
# shareguard; `{ $n -> [one] ... *[other] ... }` picks a variant (here: by number, singular or
# plural, with the plural rules of the file's language). Lines starting with # are comments.
# docs/notice.md says what each group of messages is for.

## The language of this file, as an IETF language tag (en, fr, es-MX). The HTML notice declares
## it, and plural rules follow it.
language = en

## ---------------------------------------------------------------- the notice's headings

notice-title = How we share your personal information
# Below the title: the policy's own title and, when it has one, its version.
notice-subtitle = { $policy }
notice-subtitle-version = { $policy } (version { $version })
notice-generated = This notice is generated from the policy that our systems apply, so it always says everything that policy allows.
contents = Contents
skip-to-content = Skip to the notice

section-responsible = Who is responsible for your data
responsible-controller = { $controller } is responsible for your personal information.
responsible-contact = To ask about your data, or to use your privacy rights, write to { $contact }.
responsible-opt-out = To opt out of the sale or sharing of your personal information, use this page: { $link }
responsible-none = Contact us to ask about your data.

section-sale = Do we sell your personal information?
# `sale-yes` starts the paragraph when some recipient buys data; `$buyers` are their names.
sale-yes = Yes. We sell some of your personal information to { $buyers }.
sale-what = What we sell:
sale-opt-out = You can tell us not to sell your personal information at any time: { $link }
sale-opt-out-contact = You can tell us not to sell your personal information at any time by writing to { $contact }.
sale-no = We do not sell your personal information.

section-collected = What we collect
collected-intro = We keep these kinds of personal information about you.
collected-category = Kind of information
collected-description = What it means
collected-fields = What it includes

section-recipients = Who receives your data
recipients-intro = We share personal information only with the companies below, only for the purpose given for each, and only when the conditions given for each are met.
recipients-none = We do not share your personal information with anyone.
map-heading = Map of who receives what
map-intro = Each line goes from a kind of information to a company that may receive some of it. A dashed line means the company receives it only in some cases, as described below.

## The kinds of recipients: a heading and an introduction for each.
kind-heading = { $kind ->
    [vendor] Service providers that work for us
    [affiliate] Our other brands
    [partner] Partners we run programs with
   *[buyer] Companies we sell data to
}
kind-intro = { $kind ->
    [vendor] These companies do work for us under contract. They may use your data only to do that work for us.
    [affiliate] These brands belong to the same group of companies as we do.
    [partner] We run these programs together with these companies.
   *[buyer] We sell personal information to these companies. They may use it for their own purposes.
}
# How a never rule names a kind of recipient: "We never give ... to { anyone who buys our lists }".
kind-everyone = { $kind ->
    [vendor] our service providers
    [affiliate] our other brands
    [partner] our partners
   *[buyer] anyone who buys our lists
}
everyone = anyone

## ---------------------------------------------------------------- one recipient

recipient-purpose = Why
recipient-basis = Legal basis
recipient-receives = What they may receive
recipient-when = When
recipient-keeps = How long they keep it
recipient-told = Will we tell you?
recipient-contract = Contract
recipient-nothing = Nothing: the rules never let any of your data go to them.
# Said of an affiliate, so that customers know which brands belong together.
ownership = { $brand } is a brand of { $parent }.
ownership-no-parent = { $brand } is one of our own brands: it belongs to the same company as we do.
basis = { $basis ->
    [consent] Your consent.
    [contract] It is needed for our contract with you.
    [legitimate_interest] Our legitimate interests.
   *[legal_obligation] We are required to by law.
}
# `$days` is a number of days.
keeps = They must delete it within { $days ->
    [one] { $days } day.
   *[other] { $days } days.
}
keeps-no-limit = This policy sets no time limit for them to delete it.
told = We will tell you within { $days ->
    [one] { $days } day
   *[other] { $days } days
} each time we share your data with them.
told-message = What we will say:
# For a recipient whose message is made for each record, listing only what that record sent;
# the example that follows lists everything the rules allow.
told-message-generated = What we will say if we give them everything these rules allow (the message lists only what we actually gave them from your record):
told-no = We do not tell you each time we share your data with them.
always = Always.
# Said before a list of data that goes only when some conditions hold.
given-when = Only when:
never-given = Never, under these rules.

## ---------------------------------------------------------------- a generated `notify` message

# The message a customer is sent when a recipient with `notify within N days` (and no message of
# its own) receives their data. It is made for each record from what that record sent:
# `$data` is the list of what the recipient received ("your first name, ... and a coded (hashed)
# form of your email address"), `$recipient` its name, `$purpose` its purpose as the policy
# writes it, `$kind` its kind (vendor, affiliate, partner, buyer).
notify-message = { $kind ->
    [buyer] We sold { $data } to { $recipient }
   *[other] We shared { $data } with { $recipient }
} for this purpose: { $purpose }.
# `$data` when what the recipient received holds no values (an empty list).
notify-no-values = a record about you that holds no values

## ---------------------------------------------------------------- what we never do

section-never = What we never do
never-none = This policy has no rules of this kind.
# A top-level `never` rule: $what is the data, $whom the recipients.
never-rule = We never give { $what } to { $whom }.
never-rule-if = We never give { $what } to { $whom } if { $condition }.
never-rule-all = We never give { $what } to { $whom } when all of these apply:
never-rule-any = We never give { $what } to { $whom } when at least one of these applies:
never-all = any of your personal information
# A `never share ... raw` rule: only the untransformed value is never given ("your date of birth
# in full"); a reduced form, such as the year, may be.
never-raw = { $what } in full

## ---------------------------------------------------------------- data in words

# A field's value as a recipient receives it. `$field` is the field as a phrase: "your email
# address", "whether you agreed to receive marketing".
form-raw = { $field }
form-hashed = a coded (hashed) form of { $field }
form-masked = { $field }, hidden except for the last 4 characters
form-first = { $n ->
    [one] the first character of { $field }
   *[other] the first { $n } characters of { $field }
}
form-year = the year of { $field }
form-age-band = your age range, worked out from { $field }
form-rounded = { $field }, rounded to the nearest { $n }
# A field as a phrase: "your email address".
your = your { $label }
# A yes/no field as data: "whether you agreed to receive marketing".
yes-no-field = whether you { $phrase }
yes-no-field-quoted = your answer to “{ $label }”
# A field without a label of its own, inside one with a label: "the amount of your restaurant visits".
field-of = the { $field } of your { $parent }
# A field's short name where no phrase is needed, for a field without a label inside another.
field-in = { $parent }: { $field }
other-data = Other information
other-data-description = Information not in any of the kinds above.

## ---------------------------------------------------------------- conditions in words

# Each condition on a sharing rule is one line: "only if ..." or "not if ...".
only-if = only if { $condition }
not-if = not if { $condition }
only-if-all = only if all of these apply:
only-if-any = only if at least one of these applies:
not-if-all = not if all of these apply:
not-if-any = not if any of these applies:
# Inside a list.
all-of = all of these apply:
any-of = at least one of these applies:
# Joining the last two items of a list: "A, B or C", "A, B and C".
list-or = { $items } or { $last }
list-and = { $items } and { $last }
# In a condition written on one line, where a list cannot be shown.
inline-all = all of these apply: { $items }
inline-any = at least one of these applies: { $items }
inline-separator = ;{" "}
inline-or = ; or{" "}

## A yes/no field's label says something about the customer ("agreed to receive marketing",
## "asked us not to sell their data"). The notice says it to them: "you agreed to receive
## marketing", "you asked us not to sell your data". These words in labels are turned around:
to-you = { $word ->
    [their] your
    [theirs] yours
    [them] you
    [they] you
    [themselves] yourself
    [themself] yourself
   *[other] {""}
}
## A label that starts with one of these words is said with "you"; any other label is quoted
## ("our records say “Marlowe Rewards member” applies to you"). Add a word to both lists to have
## labels that start with it said in the customer's words.
you-verb = { $word ->
    [agreed] agreed
    [asked] asked
    [opted] opted
    [consented] consented
    [requested] requested
    [accepted] accepted
    [subscribed] subscribed
    [signed] signed
    [joined] joined
    [chose] chose
    [gave] gave
    [holds] hold
    [hold] hold
    [has] have
    [have] have
    [is] are
    [are] are
    [was] were
    [wants] want
    [owns] own
    [prefers] prefer
    [lives] live
    [uses] use
   *[other] {""}
}
you-verb-not = { $word ->
    [agreed] have not agreed
    [asked] have not asked
    [opted] have not opted
    [consented] have not consented
    [requested] have not requested
    [accepted] have not accepted
    [subscribed] have not subscribed
    [signed] have not signed
    [joined] have not joined
    [chose] have not chosen
    [gave] have not given
    [holds] do not hold
    [hold] do not hold
    [has] do not have
    [have] do not have
    [is] are not
    [are] are not
    [was] were not
    [wants] do not want
    [owns] do not own
    [prefers] do not prefer
    [lives] do not live
    [uses] do not use
   *[other] {""}
}
yes = you { $phrase }
yes-quoted = our records say “{ $label }” applies to you
no-quoted = our records say “{ $label }” does not apply to you
# `is present` and `is missing`: `$field` is the field as a phrase ("your email address").
known = we have { $field }
unknown = we do not have { $field }
known-yes-no = we know whether you { $phrase }
unknown-yes-no = we do not know whether you { $phrase }
known-quoted = we know your answer to “{ $label }”
unknown-quoted = we do not know your answer to “{ $label }”

# Comparisons. `$op` is one of eq, ne, lt, le, gt, ge.
compare = { $subject } { $op ->
    [eq] is { $object }
    [ne] is not { $object }
    [lt] is less than { $object }
    [le] is { $object } or less
    [gt] is more than { $object }
   *[ge] is { $object } or more
}
compare-date = { $subject } { $op ->
    [eq] is { $object }
    [ne] is not { $object }
    [lt] is before { $object }
    [le] is on or before { $object }
    [gt] is after { $object }
   *[ge] is on or after { $object }
}
# Two fields compared with each other.
compare-same = { $subject } { $op ->
    [eq] is the same as { $object }
   *[ne] is different from { $object }
}
age = you are { $op ->
    [eq] { $n }
    [ne] not { $n }
    [lt] under { $n }
    [le] { $n } or younger
    [gt] older than { $n }
   *[ge] { $n } or older
}
# `age(date)` of a date that is not a birth date: whole years since it.
years-since = it has been { $op ->
    [eq] exactly { $n }
    [ne] other than { $n }
    [lt] less than { $n }
    [le] at most { $n }
    [gt] more than { $n }
   *[ge] at least { $n }
} { $n ->
    [one] year
   *[other] years
} since { $date }
days-since = it has been { $op ->
    [eq] exactly { $n }
    [ne] other than { $n }
    [lt] less than { $n }
    [le] at most { $n }
    [gt] more than { $n }
   *[ge] at least { $n }
} { $n ->
    [one] day
   *[other] days
} since { $date }
# `lower(field)`: the comparison ignores capitals.
ignoring-case = { $subject }, ignoring capitals,
# Subjects and objects of comparisons.
your-age = your age
years-since-subject = the number of whole years since { $date }
days-since-subject = the number of days since { $date }
count-subject = the number of your { $what }
today = today
value-yes = yes
value-no = no
text-value = “{ $value }”
one-of = { $subject } { $negated ->
    [yes] is not one of { $values }
   *[no] is one of { $values }
}
constant = { $value ->
    [true] in every case
   *[false] in no case
}
# Dates: "1 January 2026".
date = { $day } { $month ->
    [1] January
    [2] February
    [3] March
    [4] April
    [5] May
    [6] June
    [7] July
    [8] August
    [9] September
    [10] October
    [11] November
   *[12] December
} { $year }

## ---------------------------------------------------------------- the data map

map-title = Who receives your personal information
# A field on a line of the map: "Email address (hashed)".
map-field = { $form ->
    [hashed] { $label } (hashed)
    [masked] { $label } (masked)
    [first] { $label } (first { $n } characters)
    [year] { $label } (year only)
    [age_band] { $label } (age range)
    [rounded] { $label } (rounded to { $n })
   *[raw] { $label }
}
map-receives-nothing = Receives nothing
map-data = Your data
map-always = Always, when they receive anything
map-sometimes = Only in some cases (dashed)
map-never = Never shared
map-legend = Key
map-desc = { $edges ->
    [one] One flow of data
   *[other] { $edges } flows of data
} from { $categories ->
    [one] one kind of information
   *[other] { $categories } kinds of information
} to { $recipients ->
    [one] one recipient
   *[other] { $recipients } recipients
}.
# One line of the map's text description: "Contact details to PostalPro: first name, last name".
map-flow = { $category } to { $recipient }: { $fields }
map-flow-sometimes = { $category } to { $recipient }, only in some cases: { $fields }

## ---------------------------------------------------------------- kinds of information

# The built-in categories, as customers read them. A category the policy declares is described
# by its own text (`category health "Health information"`).
category-name = { $category ->
    [identifier] Identifiers
    [contact] Contact details
    [location] Where you live
    [demographic] Personal characteristics
    [financial] Financial information
    [behavioral] What you buy and do with us
    [preference] Your choices
    [sensitive] Sensitive personal information
   *[other] {""}
}
category-description = { $category ->
    [identifier] Numbers that identify you in our records.
    [contact] How we reach you.
    [location] Where you are or live.
    [demographic] Facts about you such as your age.
    [financial] What you spend and pay with.
    [behavioral] Your purchases, visits and membership.
    [preference] What you agreed to, and what you asked us not to do.
    [sensitive] Information the law protects more strictly.
   *[other] {""}
}
