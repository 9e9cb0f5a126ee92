//! The machinery behind the one declaration of every scenario key.
//!
//! `schema.rs` lists each section and key once: its name, documentation,
//! kind (per-run or per-event number with its valid range, whole-number
//! count with its bounds, choice, flag, text) and default. From that list
//! [`scenario_sections!`] generates
//! - the typed section structs that parse the file ([`super::Scenario`]),
//! - one [`KeySpec`] per key in `key::<section>::<key>` (a typo in code is a
//!   compile error) and the table [`super::KEYS`] in file order, which drive
//!   validation, defaults, `--set`, sweeps, sensitivity and the JSON
//!   Schema, and the table [`super::SECTIONS`] of sections ([`SectionSpec`]),
//! - the inputs of one replication ([`super::RunInputs`]): per-run numbers
//!   drawn once, per-event samplers, counts and choices, one struct per
//!   section, drawn in file order with one uniform per per-run key.

use super::param::{MAX_MAGNITUDE, Param, show_number};
use std::ops::Range;

/// The values a numeric key accepts: `[low, high]`, or `(low, high]` when
/// `low_open`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Domain {
    /// Lower end.
    pub low: f64,
    /// Whether the lower end itself is excluded.
    pub low_open: bool,
    /// Upper end (may be infinite).
    pub high: f64,
}

const fn closed(low: f64, high: f64) -> Domain {
    Domain {
        low,
        low_open: false,
        high,
    }
}

const fn above(low: f64, high: f64) -> Domain {
    Domain {
        low,
        low_open: true,
        high,
    }
}

/// A century in mission days: no mission, flight or window lasts longer,
/// and a horizon this far bounds the number of departure windows.
const CENTURY_DAYS: f64 = 100.0 * crate::units::DAYS_PER_YEAR;

/// Probabilities and shares: `[0, 1]`.
pub(crate) const PROBABILITY: Domain = closed(0.0, 1.0);
/// Any size, price or rate that may be zero.
pub(crate) const NON_NEGATIVE: Domain = closed(0.0, MAX_MAGNITUDE);
/// Any size, price or rate that must be above zero.
pub(crate) const POSITIVE: Domain = above(0.0, MAX_MAGNITUDE);
/// Percentages: `[0, 100]`.
pub(crate) const PERCENT: Domain = closed(0.0, 100.0);
/// Hours of a day: `(0, 24]`.
pub(crate) const HOURS_OF_DAY: Domain = above(0.0, crate::units::HOURS_PER_DAY);
/// A span of mission days that may be zero, up to a century.
pub(crate) const DAYS: Domain = closed(0.0, CENTURY_DAYS);
/// A span of mission days above zero, up to a century.
pub(crate) const POSITIVE_DAYS: Domain = above(0.0, CENTURY_DAYS);
/// Days between recurring windows: at least a day, so the clock moves.
pub(crate) const PERIOD_DAYS: Domain = closed(1.0, CENTURY_DAYS);
/// A duration in hours that may be zero. Hours are not capped below
/// [`MAX_MAGNITUDE`]: a mean time between failures far beyond the horizon
/// is how a scenario says "never", and such events simply fall after it.
pub(crate) const HOURS: Domain = NON_NEGATIVE;
/// A duration in hours above zero.
pub(crate) const POSITIVE_HOURS: Domain = POSITIVE;
/// A mean time between failures or between cleanings: at least an hour, so
/// that the clock moves.
pub(crate) const PERIOD_HOURS: Domain = closed(1.0, MAX_MAGNITUDE);
/// A batch of ore: at least a kilogram, so that a batch is more than a
/// rounding error and the clock moves.
pub(crate) const BATCH_KG: Domain = closed(1.0, MAX_MAGNITUDE);
/// A threshold mass such as the dust hold: at least a gram, so that the
/// time to settle to it stays finite.
pub(crate) const THRESHOLD_KG: Domain = closed(1e-3, MAX_MAGNITUDE);
/// A throughput (kg/h) or a consumer's power (kW) that sets how long work
/// takes: at least 1e-3, so that durations stay finite.
pub(crate) const RATE: Domain = closed(1e-3, MAX_MAGNITUDE);
/// An annual rate such as discounting: up to 100% a year.
pub(crate) const ANNUAL_RATE: Domain = closed(0.0, 1.0);
/// A Sun–Earth–target angle below which there is no contact: 0° to 90°.
pub(crate) const ELONGATION_DEG: Domain = closed(0.0, 90.0);
/// An engine's oxygen-to-hydrogen mass ratio: above zero, at most 8 (the
/// ratio in water: no hydrogen is ever left over).
pub(crate) const MIXTURE_RATIO: Domain = above(0.0, 8.0);
/// A Δv budget of a return transfer, m/s: above zero, at most 30 km/s
/// (beyond any chemical or steam stage).
pub(crate) const DELTA_V_M_S: Domain = above(0.0, 30_000.0);
/// A flight time of a return transfer, days: from a day to 2000 days
/// (5.5 years, over twice OSIRIS-REx's 867-day return).
pub(crate) const FLIGHT_DAYS: Domain = closed(1.0, 2000.0);
/// A geocentric radius, km: from the Earth's surface to ten times the
/// Moon's distance.
pub(crate) const EARTH_RADIUS_KM: Domain = closed(6378.0, 3_844_000.0);
/// An arrival speed relative to the Earth, m/s: above zero, at most
/// 30 km/s.
pub(crate) const VINF_M_S: Domain = above(0.0, 30_000.0);

impl Domain {
    /// The range in words, as diagnostics show it (`in [0, 1]`, `> 0`).
    pub fn describe(&self) -> String {
        let (low, high) = (show_number(self.low), show_number(self.high));
        match (self.low_open, self.high.is_finite()) {
            (false, false) => format!("≥ {low}"),
            (true, false) => format!("> {low}"),
            (false, true) => format!("in [{low}, {high}]"),
            (true, true) => format!("in ({low}, {high}]"),
        }
    }

    /// Whether `x` is accepted.
    pub fn contains(&self, x: f64) -> bool {
        let above = if self.low_open {
            x > self.low
        } else {
            x >= self.low
        };
        above && x <= self.high
    }

    /// `x` brought inside the closed hull of the domain (an open lower end
    /// is left to validation).
    pub fn clamp(&self, x: f64) -> f64 {
        x.clamp(self.low, self.high)
    }
}

/// When a numeric key's value is drawn (docs/model.md §Random draws).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Timing {
    /// Once per replication, from the world stream, in file order.
    PerRun,
    /// Afresh at every occurrence of the thing it describes.
    PerEvent,
    /// Fixed for the whole batch: a plain number, because it shapes what is
    /// computed once per scenario (the orbit tables and the porkchop).
    PerScenario,
}

/// What kind of value a key holds.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum KeyKind {
    /// A number or a distribution.
    Number {
        /// The values accepted.
        domain: Domain,
        /// When it is drawn.
        timing: Timing,
    },
    /// A plain whole number within `[min, max]`.
    Whole {
        /// Smallest accepted.
        min: u64,
        /// Largest accepted.
        max: u64,
    },
    /// One of a fixed set of names.
    Choice(&'static [&'static str]),
    /// `true` or `false`.
    Flag,
    /// Free text.
    Text,
    /// A calendar date, `YYYY-MM-DD`.
    Date,
    /// A catalog target's name or an inline table of orbital elements.
    Orbit,
    /// A list of report targets, each `METRIC OP VALUE` in quotes
    /// ([`crate::model::metric_target::MetricTarget`]).
    Targets,
    /// A list of rank correlations between per-run keys
    /// ([`super::RankPair`]).
    Correlations,
}

/// A key's value in a parsed scenario, for code that walks every key.
#[derive(Debug, Clone, PartialEq)]
pub enum KeyValue<'a> {
    /// A number or distribution.
    Number(&'a Param),
    /// A whole number, with where it is written when known.
    Whole(u64, Option<Range<usize>>),
    /// A choice, by name.
    Choice(&'static str),
    /// A flag.
    Flag(bool),
    /// Text.
    Text(&'a str),
    /// A date.
    Date(&'a super::orbit_keys::DateKey),
    /// An orbit, by its catalog name or `inline`.
    Orbit(&'a str),
    /// Report targets as written, each with where it is written.
    Targets(&'a [toml::Spanned<String>]),
    /// Rank correlations as written.
    Correlations(&'a [super::RankPair]),
    /// An optional key left out: it takes its default, or the rules that
    /// tie keys together decide what it means (docs/model.md §Orbits).
    Default,
}

/// The declaration of one section.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SectionSpec {
    /// Its name in a file (`fleet`).
    pub name: &'static str,
    /// What it holds.
    pub doc: &'static str,
    /// Whether a file may leave it out (every key then takes its default).
    pub optional: bool,
}

/// Reads a per-run key's drawn value from a replication's inputs.
pub type DrawnValue = fn(&super::RunInputs) -> f64;

/// The declaration of one scenario key.
#[derive(Debug, Clone, Copy)]
pub struct KeySpec {
    /// Dotted path as written in a file (`fleet.robots`).
    pub path: &'static str,
    /// What the key means, with its unit.
    pub doc: &'static str,
    /// Its kind, range and timing.
    pub kind: KeyKind,
    /// The value a missing optional key takes, when it is a number.
    pub default: Option<f64>,
    /// The value a missing optional choice or text key takes, as written.
    pub default_text: Option<&'static str>,
    /// Whether the key may be left out of a file: it has a default, or
    /// other keys decide whether it is needed.
    pub optional: bool,
    pub(crate) value: for<'a> fn(&'a super::Scenario) -> KeyValue<'a>,
    pub(crate) param_mut: Option<for<'a> fn(&'a mut super::Scenario) -> &'a mut Param>,
    pub(crate) drawn: Option<DrawnValue>,
    pub(crate) check: CheckValue,
}

/// Reads one key's value alone, as the whole file's parser would: a wrong
/// type or an unknown choice is an error, whatever else the file holds.
pub(crate) type CheckValue =
    for<'a> fn(toml::Spanned<toml::de::DeValue<'a>>) -> Result<(), toml::de::Error>;

impl KeySpec {
    /// The key's value in `s`.
    pub fn value<'a>(&self, s: &'a super::Scenario) -> KeyValue<'a> {
        (self.value)(s)
    }

    /// The number or distribution of a numeric key in `s`.
    pub fn param<'a>(&self, s: &'a super::Scenario) -> Option<&'a Param> {
        match self.value(s) {
            KeyValue::Number(p) => Some(p),
            _ => None,
        }
    }

    /// The range and timing of a numeric key.
    pub fn number(&self) -> Option<(Domain, Timing)> {
        match self.kind {
            KeyKind::Number { domain, timing } => Some((domain, timing)),
            _ => None,
        }
    }

    /// Whether this is a number drawn once per replication.
    pub fn is_per_run(&self) -> bool {
        matches!(self.number(), Some((_, Timing::PerRun)))
    }

    /// The value a per-run key took in one replication's inputs.
    pub fn drawn(&self, inputs: &super::RunInputs) -> Option<f64> {
        self.drawn.map(|f| f(inputs))
    }

    /// The documentation as one trimmed sentence or paragraph.
    pub fn description(&self) -> String {
        one_line(self.doc)
    }

    /// The unit of a numeric key as written after a value (`h`, `kg/h`,
    /// `USD/kg`), read from the suffix its name carries by convention;
    /// empty for shares, probabilities, ratios and counts.
    pub fn unit(&self) -> &'static str {
        UNIT_SUFFIXES
            .iter()
            .find(|(suffix, _)| self.path.ends_with(suffix))
            .map_or("", |&(_, unit)| unit)
    }
}

/// Key-name suffixes and the units they stand for, longer suffixes before
/// the shorter ones they end with.
const UNIT_SUFFIXES: [(&str, &str); 24] = [
    ("_usd_per_kg", "USD/kg"),
    ("_usd_per_day", "USD/day"),
    ("_kwh_per_kg", "kWh/kg"),
    ("_pct_per_day", "%/day"),
    ("_pct_per_year", "%/year"),
    ("_h_per_day", "h/day"),
    ("_per_kg", "per kg"),
    ("_wt_pct", "wt%"),
    ("_kg_m3", "kg/m³"),
    ("_kg_h", "kg/h"),
    ("_kw_1au", "kW"),
    ("_m_s", "m/s"),
    ("_usd", "USD"),
    ("_kpa", "kPa"),
    ("_kg", "kg"),
    ("_kw", "kW"),
    ("_km", "km"),
    ("_au", "au"),
    ("_deg", "°"),
    ("_days", "days"),
    ("_day", "day"),
    ("_h", "h"),
    ("_s", "s"),
    ("_m", "m"),
];

/// Documentation as written over several lines, as one line.
pub(crate) fn one_line(doc: &str) -> String {
    doc.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Declares a choice key's values: the enum, how each is written in a
/// file, and the list of names for diagnostics and schemas.
macro_rules! choices {
    (
        $(#[doc = $doc:literal])*
        $Enum:ident { $( $(#[doc = $vdoc:literal])* $Var:ident = $name:literal ),* $(,)? }
    ) => {
        $(#[doc = $doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize)]
        pub enum $Enum {
            $( $(#[doc = $vdoc])* #[serde(rename = $name)] $Var, )*
        }

        impl $Enum {
            /// Every value, as written in a file.
            pub const NAMES: &'static [&'static str] = &[$($name),*];

            /// The value as written in a file.
            pub fn name(self) -> &'static str {
                match self { $(Self::$Var => $name,)* }
            }

            /// The value written `name` in a file, if any.
            pub fn from_name(name: &str) -> Option<Self> {
                match name { $($name => Some(Self::$Var),)* _ => None }
            }
        }
    };
}

/// The Rust type a key of each kind parses into.
macro_rules! key_type {
    (run $($d:tt)*) => { $crate::scenario::Param };
    (event $($d:tt)*) => { $crate::scenario::Param };
    (count $($d:tt)*) => { toml::Spanned<u32> };
    (runs $($d:tt)*) => { toml::Spanned<u64> };
    (limit $($d:tt)*) => { Option<toml::Spanned<u64>> };
    (setting $($d:tt)*) => { $crate::scenario::Param };
    (mode $T:ty) => { Option<$T> };
    (date) => { Option<$crate::scenario::DateKey> };
    (orbit) => { Option<$crate::scenario::OrbitKey> };
    (seed) => { u64 };
    (choice $T:ty) => { $T };
    (flag) => { bool };
    (name) => { toml::Spanned<String> };
    (text) => { String };
    (targets) => { Vec<toml::Spanned<String>> };
    (correlations) => { Vec<$crate::scenario::RankPair> };
}

/// The [`KeyKind`] of each kind.
macro_rules! key_kind {
    (run $domain:expr) => {
        $crate::scenario::KeyKind::Number {
            domain: $domain,
            timing: $crate::scenario::Timing::PerRun,
        }
    };
    (event $domain:expr) => {
        $crate::scenario::KeyKind::Number {
            domain: $domain,
            timing: $crate::scenario::Timing::PerEvent,
        }
    };
    (count $min:literal, $max:expr) => {
        $crate::scenario::KeyKind::Whole {
            min: $min,
            max: $max as u64,
        }
    };
    (runs $min:literal, $max:expr) => {
        $crate::scenario::KeyKind::Whole {
            min: $min,
            max: $max,
        }
    };
    (limit $min:literal, $max:expr) => {
        $crate::scenario::KeyKind::Whole {
            min: $min,
            max: $max,
        }
    };
    (setting $domain:expr) => {
        $crate::scenario::KeyKind::Number {
            domain: $domain,
            timing: $crate::scenario::Timing::PerScenario,
        }
    };
    (mode $T:ty) => {
        $crate::scenario::KeyKind::Choice(<$T>::NAMES)
    };
    (date) => {
        $crate::scenario::KeyKind::Date
    };
    (orbit) => {
        $crate::scenario::KeyKind::Orbit
    };
    (seed) => {
        $crate::scenario::KeyKind::Whole {
            min: 0,
            max: u64::MAX,
        }
    };
    (choice $T:ty) => {
        $crate::scenario::KeyKind::Choice(<$T>::NAMES)
    };
    (flag) => {
        $crate::scenario::KeyKind::Flag
    };
    (name) => {
        $crate::scenario::KeyKind::Text
    };
    (text) => {
        $crate::scenario::KeyKind::Text
    };
    (targets) => {
        $crate::scenario::KeyKind::Targets
    };
    (correlations) => {
        $crate::scenario::KeyKind::Correlations
    };
}

/// A key's value as a [`KeyValue`].
macro_rules! key_value {
    (run, $e:expr) => {
        $crate::scenario::KeyValue::Number(&$e)
    };
    (event, $e:expr) => {
        $crate::scenario::KeyValue::Number(&$e)
    };
    (count, $e:expr) => {
        $crate::scenario::KeyValue::Whole(u64::from(*$e.get_ref()), Some($e.span()))
    };
    (runs, $e:expr) => {
        $crate::scenario::KeyValue::Whole(*$e.get_ref(), Some($e.span()))
    };
    (limit, $e:expr) => {
        match &$e {
            Some(v) => $crate::scenario::KeyValue::Whole(*v.get_ref(), Some(v.span())),
            None => $crate::scenario::KeyValue::Default,
        }
    };
    (seed, $e:expr) => {
        $crate::scenario::KeyValue::Whole($e, None)
    };
    (setting, $e:expr) => {
        $crate::scenario::KeyValue::Number(&$e)
    };
    (mode, $e:expr) => {
        match $e {
            Some(v) => $crate::scenario::KeyValue::Choice(v.name()),
            None => $crate::scenario::KeyValue::Default,
        }
    };
    (date, $e:expr) => {
        match &$e {
            Some(d) => $crate::scenario::KeyValue::Date(d),
            None => $crate::scenario::KeyValue::Default,
        }
    };
    (orbit, $e:expr) => {
        match &$e {
            Some(o) => $crate::scenario::KeyValue::Orbit(o.name()),
            None => $crate::scenario::KeyValue::Default,
        }
    };
    (choice, $e:expr) => {
        $crate::scenario::KeyValue::Choice($e.name())
    };
    (flag, $e:expr) => {
        $crate::scenario::KeyValue::Flag($e)
    };
    (name, $e:expr) => {
        $crate::scenario::KeyValue::Text($e.get_ref())
    };
    (text, $e:expr) => {
        $crate::scenario::KeyValue::Text(&$e)
    };
    (targets, $e:expr) => {
        $crate::scenario::KeyValue::Targets(&$e)
    };
    (correlations, $e:expr) => {
        $crate::scenario::KeyValue::Correlations(&$e)
    };
}

/// Mutable access to a numeric key's parameter (to fill defaults).
macro_rules! param_mut {
    (run, $sec:ident . $field:ident) => {
        Some(|s: &mut Scenario| &mut s.$sec.$field)
    };
    (event, $sec:ident . $field:ident) => {
        Some(|s: &mut Scenario| &mut s.$sec.$field)
    };
    (setting, $sec:ident . $field:ident) => {
        Some(|s: &mut Scenario| &mut s.$sec.$field)
    };
    ($other:ident, $sec:ident . $field:ident) => {
        None
    };
}

/// The drawn value of a per-run key in a replication's inputs.
macro_rules! drawn_of {
    (run, $sec:ident . $field:ident) => {
        Some(|i: &RunInputs| i.$sec.$field)
    };
    ($other:ident, $sec:ident . $field:ident) => {
        None
    };
}

/// A key's default, if it has one; `optional` marks a key that other keys
/// decide about. A choice's default is its enum's (`choice_default!`).
macro_rules! default_of {
    ($kind:ident; optional) => {
        None
    };
    (choice; $d:literal) => {
        None
    };
    (text; $d:literal) => {
        None
    };
    (targets; $d:tt) => {
        None
    };
    (correlations; $d:tt) => {
        None
    };
    (limit; $d:literal) => {
        Some($d as f64)
    };
    ($kind:ident; $d:literal) => {
        Some($d)
    };
    ($kind:ident;) => {
        None
    };
}

/// The default of a choice or text key, as written (`= "eager"`).
macro_rules! default_text_of {
    (choice; $d:literal) => {
        Some($d)
    };
    (text; $d:literal) => {
        Some($d)
    };
    ($kind:ident; $($d:tt)?) => {
        None
    };
}

/// The default of a choice key declared with one (`= "name"`): the value
/// a file that leaves the key out parses to.
macro_rules! choice_default {
    (choice $T:ty; $d:literal) => {
        impl Default for $T {
            fn default() -> Self {
                Self::from_name($d).expect("a choice's declared default is one of its names")
            }
        }
    };
    ($($other:tt)*) => {};
}

/// Builds one section's inputs struct by walking its keys: per-run numbers
/// become drawn `f64`s, per-event numbers samplers, counts `u32`s, choices
/// and flags themselves; text and batch settings are left out.
macro_rules! section_inputs {
    (@start [] $($rest:tt)*) => {};
    (@start [$Inputs:ident] $Struct:ident $sec:ident $($rest:tt)*) => {
        section_inputs!(@walk $Inputs $Struct $sec section uniform scale [] [] $($rest)*);
    };
    (@walk $Inputs:ident $Struct:ident $sec:ident $s:ident $u:ident $e:ident
        [$($fields:tt)*] [$($values:tt)*]) => {
        /// The values of one section for one replication (units as in the
        /// scenario file).
        #[derive(Debug, Clone, Copy, PartialEq)]
        pub struct $Inputs { $($fields)* }

        impl $Inputs {
            fn draw(
                $s: &$Struct,
                $u: &mut dyn FnMut(&'static KeySpec) -> f64,
                $e: &mut dyn FnMut(&'static KeySpec) -> f64,
            ) -> Self {
                let _ = (&$u, &$e);
                Self { $($values)* }
            }
        }
    };
    (@walk $Inputs:ident $Struct:ident $sec:ident $s:ident $u:ident $e:ident
        [$($fields:tt)*] [$($values:tt)*]
        [$($doc:tt)*] $field:ident run [$($a:tt)*]; $($rest:tt)*) => {
        section_inputs!(@walk $Inputs $Struct $sec $s $u $e
            [$($fields)* $($doc)* pub $field: f64,]
            [$($values)* $field: $s.$field.dist().sampler().quantile($u(key::$sec::$field)),]
            $($rest)*);
    };
    (@walk $Inputs:ident $Struct:ident $sec:ident $s:ident $u:ident $e:ident
        [$($fields:tt)*] [$($values:tt)*]
        [$($doc:tt)*] $field:ident event [$($a:tt)*]; $($rest:tt)*) => {
        section_inputs!(@walk $Inputs $Struct $sec $s $u $e
            [$($fields)* $($doc)* pub $field: $crate::scenario::Sampler,]
            [$($values)* $field: $crate::scenario::event_sampler($s.$field.dist(), $e(key::$sec::$field)),]
            $($rest)*);
    };
    (@walk $Inputs:ident $Struct:ident $sec:ident $s:ident $u:ident $e:ident
        [$($fields:tt)*] [$($values:tt)*]
        [$($doc:tt)*] $field:ident count [$($a:tt)*]; $($rest:tt)*) => {
        section_inputs!(@walk $Inputs $Struct $sec $s $u $e
            [$($fields)* $($doc)* pub $field: u32,]
            [$($values)* $field: *$s.$field.get_ref(),]
            $($rest)*);
    };
    (@walk $Inputs:ident $Struct:ident $sec:ident $s:ident $u:ident $e:ident
        [$($fields:tt)*] [$($values:tt)*]
        [$($doc:tt)*] $field:ident choice [$T:ty]; $($rest:tt)*) => {
        section_inputs!(@walk $Inputs $Struct $sec $s $u $e
            [$($fields)* $($doc)* pub $field: $T,]
            [$($values)* $field: $s.$field,]
            $($rest)*);
    };
    (@walk $Inputs:ident $Struct:ident $sec:ident $s:ident $u:ident $e:ident
        [$($fields:tt)*] [$($values:tt)*]
        [$($doc:tt)*] $field:ident flag []; $($rest:tt)*) => {
        section_inputs!(@walk $Inputs $Struct $sec $s $u $e
            [$($fields)* $($doc)* pub $field: bool,]
            [$($values)* $field: $s.$field,]
            $($rest)*);
    };
    (@walk $Inputs:ident $Struct:ident $sec:ident $s:ident $u:ident $e:ident
        [$($fields:tt)*] [$($values:tt)*]
        [$($doc:tt)*] $field:ident $other:ident [$($a:tt)*]; $($rest:tt)*) => {
        section_inputs!(@walk $Inputs $Struct $sec $s $u $e
            [$($fields)*] [$($values)*] $($rest)*);
    };
}

/// Builds [`super::RunInputs`] from the sections that have inputs.
macro_rules! run_inputs {
    (@walk $s:ident $u:ident $e:ident [$($fields:tt)*] [$($values:tt)*]) => {
        /// Everything one replication needs from the scenario: per-run
        /// values drawn, per-event samplers, counts and choices, by section.
        #[derive(Debug, Clone, Copy, PartialEq)]
        pub struct RunInputs { $($fields)* }

        impl RunInputs {
            /// Draws a replication's inputs: every per-run key, in file
            /// order, takes the value at the quantile `uniform(key)` gives
            /// it, fixed keys included, so scenarios that agree on a key
            /// draw the same value for it (common random numbers); every
            /// per-event key's distribution is multiplied by `scale(key)`.
            pub fn draw(
                $s: &Scenario,
                $u: &mut dyn FnMut(&'static KeySpec) -> f64,
                $e: &mut dyn FnMut(&'static KeySpec) -> f64,
            ) -> Self {
                Self { $($values)* }
            }
        }
    };
    (@walk $s:ident $u:ident $e:ident [$($fields:tt)*] [$($values:tt)*]
        [] [$($doc:tt)*] $sec:ident; $($rest:tt)*) => {
        run_inputs!(@walk $s $u $e [$($fields)*] [$($values)*] $($rest)*);
    };
    (@walk $s:ident $u:ident $e:ident [$($fields:tt)*] [$($values:tt)*]
        [$Inputs:ident] [$($doc:tt)*] $sec:ident; $($rest:tt)*) => {
        run_inputs!(@walk $s $u $e
            [$($fields)* $($doc)* pub $sec: $Inputs,]
            [$($values)* $sec: $Inputs::draw(&$s.$sec, $u, $e),]
            $($rest)*);
    };
}

/// Declares every section and key of the scenario format; see the module
/// documentation for what it generates. A section declared `= default`
/// may be left out of a file (every key of it then needs a default).
macro_rules! scenario_sections {
    (
        $(
            $(#[doc = $sdoc:literal])*
            [$toml:literal] $sec:ident : $Struct:ident $(=> $Inputs:ident)? $(= $optional:ident)? {
                $(
                    $(#[doc = $doc:literal])*
                    $field:ident : $kind:ident $(($($arg:tt)*))? $(= $default:tt)?
                ),* $(,)?
            }
        )*
    ) => {
        /// A complete, validated scenario: everything one batch needs.
        #[derive(Debug, Clone, serde::Deserialize)]
        #[serde(deny_unknown_fields)]
        pub struct Scenario {
            $(
                $(#[doc = $sdoc])*
                $(#[serde($optional)])?
                #[serde(rename = $toml)]
                pub $sec: $Struct,
            )*
        }

        $(
            $(#[doc = $sdoc])*
            #[derive(Debug, Clone, serde::Deserialize)]
            $(#[derive(Default)] #[serde($optional)])?
            #[serde(deny_unknown_fields)]
            pub struct $Struct {
                $(
                    $(#[doc = $doc])*
                    $( #[doc = concat!("\n\nWhen left out: ", stringify!($default), ".")]
                       #[serde(default)] )?
                    pub $field: key_type!($kind $($($arg)*)?),
                )*
            }
        )*

        /// The declaration of every key, one module per section, each key
        /// a constant named as in the file.
        pub mod key {
            $(
                $(#[doc = $sdoc])*
                #[allow(non_upper_case_globals)]
                pub mod $sec {
                    #[allow(unused_imports)]
                    use super::super::*;
                    $(
                        $(#[doc = $doc])*
                        pub const $field: &KeySpec = &KeySpec {
                            path: concat!($toml, ".", stringify!($field)),
                            doc: concat!($($doc),*),
                            kind: key_kind!($kind $($($arg)*)?),
                            default: default_of!($kind; $($default)?),
                            default_text: default_text_of!($kind; $($default)?),
                            optional: false $(|| !stringify!($default).is_empty())?,
                            value: |s: &Scenario| key_value!($kind, s.$sec.$field),
                            param_mut: param_mut!($kind, $sec.$field),
                            drawn: drawn_of!($kind, $sec.$field),
                            check: |v: toml::Spanned<toml::de::DeValue<'_>>| {
                                <key_type!($kind $($($arg)*)?) as serde::Deserialize>::deserialize(
                                    toml::de::ValueDeserializer::from(v),
                                )
                                .map(drop)
                            },
                        };
                    )*
                }
            )*
        }

        $($( choice_default!($kind $($($arg)*)?; $($default)?); )*)*

        /// Every key, in file order (the order per-run values are drawn in).
        pub const KEYS: &[&KeySpec] = &[$($(key::$sec::$field,)*)*];

        /// Every section, in file order.
        pub const SECTIONS: &[SectionSpec] = &[$(
            SectionSpec {
                name: $toml,
                doc: concat!($($sdoc),*),
                optional: false $(|| !stringify!($optional).is_empty())?,
            },
        )*];

        $(
            section_inputs!(@start [$($Inputs)?] $Struct $sec
                $( [$(#[doc = $doc])*] $field $kind [$($($arg)*)?]; )*);
        )*

        run_inputs!(@walk s uniform scale [] [] $( [$($Inputs)?] [$(#[doc = $sdoc])*] $sec; )*);
    };
}
