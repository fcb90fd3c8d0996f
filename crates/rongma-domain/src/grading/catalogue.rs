//! The closed vocabulary a profile may use: indicator, component and baseline ids, units
//! and directions. The report format is fixed, so every id maps to known report fields;
//! a profile naming anything else is rejected rather than silently ignored.

use serde::{Deserialize, Serialize};

/// Declares a string-backed enum with its wire names and a lookup from text.
macro_rules! named_enum {
    ($(#[$m:meta])* $name:ident { $($(#[$vm:meta])* $variant:ident = $text:literal),+ $(,)? }) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        pub enum $name {
            $($(#[$vm])* #[serde(rename = $text)] $variant),+
        }

        impl $name {
            /// Every value, in catalogue order (also the order of results and hashes).
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The id as written in profiles, reports and results.
            pub const fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }

            /// Looks an id up by its exact text.
            pub fn parse(text: &str) -> Option<Self> {
                match text { $($text => Some($name::$variant),)+ _ => None }
            }

            /// The known ids joined for error messages.
            pub fn known() -> String {
                Self::ALL.iter().map(|v| v.as_str()).collect::<Vec<_>>().join(", ")
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

named_enum!(
    /// The graded indicators. Each reads one measured report field (colour fastness reads
    /// its components).
    IndicatorId {
        DownCluster = "down_cluster",
        FillPower = "fill_power",
        Turbidity = "turbidity",
        DownLeakage = "down_leakage",
        ColourFastness = "colour_fastness",
    }
);

named_enum!(
    /// The grey-scale components of colour fastness, one report field each.
    ComponentId {
        WashChange = "wash_change",
        WashStain = "wash_stain",
        WaterChange = "water_change",
        WaterStain = "water_stain",
        PerspirationAcidChange = "perspiration_acid_change",
        PerspirationAcidStain = "perspiration_acid_stain",
        PerspirationAlkalineChange = "perspiration_alkaline_change",
        PerspirationAlkalineStain = "perspiration_alkaline_stain",
        RubbingDry = "rubbing_dry",
        RubbingWet = "rubbing_wet",
    }
);

named_enum!(
    /// Baseline requirements. All but the last are configured in a profile;
    /// `indicator_below_1a` is recorded by the engine when a value misses its 1A threshold.
    BaselineId {
        ScopeSpecies = "scope_species",
        ScopeDownCluster = "scope_down_cluster",
        DownClusterTolerance = "down_cluster_tolerance",
        FillWeightTolerance = "fill_weight_tolerance",
        TurbidityMin = "turbidity_min",
        OxygenMax = "oxygen_max",
        FatMax = "fat_max",
        Odour = "odour",
        DownLeakageMax = "down_leakage_max",
        ColourFastnessMin = "colour_fastness_min",
        LightFastnessMin = "light_fastness_min",
        IndicatorBelow1A = "indicator_below_1a",
    }
);

named_enum!(
    /// Units a profile may name. Turbidity is a transparency depth in mm; NTU is not a unit
    /// of this scheme.
    Unit {
        Percent = "%",
        Cm = "cm",
        Mm = "mm",
        Fibres = "fibres",
        GreyScale = "grey_scale",
    }
);

named_enum!(
    /// Which way is better.
    Direction {
        Higher = "higher",
        Lower = "lower",
    }
);

named_enum!(
    /// Declared down species.
    Species {
        Duck = "duck",
        Goose = "goose",
    }
);

named_enum!(
    /// Where the lab took the down for the fill-power test: from the finished garment or
    /// from the bulk down lot (loft is higher before sewing).
    FillPowerMethod {
        Garment = "garment",
        Bulk = "bulk",
    }
);

named_enum!(
    /// The lab's odour verdict.
    Odour {
        Pass = "pass",
        Fail = "fail",
    }
);

impl IndicatorId {
    /// The unit of the report field this indicator reads; a profile must use it.
    pub const fn report_unit(self) -> Unit {
        match self {
            IndicatorId::DownCluster => Unit::Percent,
            IndicatorId::FillPower => Unit::Cm,
            IndicatorId::Turbidity => Unit::Mm,
            IndicatorId::DownLeakage => Unit::Fibres,
            IndicatorId::ColourFastness => Unit::GreyScale,
        }
    }
}

impl IndicatorId {
    /// The borderline margin an indicator gets when its profile entry names none.
    pub fn default_borderline_margin(self) -> rust_decimal::Decimal {
        use rust_decimal::Decimal;
        match self {
            IndicatorId::DownCluster => Decimal::ONE,
            IndicatorId::FillPower => Decimal::new(3, 1),
            IndicatorId::Turbidity => Decimal::from(20),
            IndicatorId::DownLeakage => Decimal::TWO,
            IndicatorId::ColourFastness => Decimal::ZERO,
        }
    }
}

impl Unit {
    /// Text after a number in English ("16.4 cm", "65.0%", "grade 4.5" is written "4.5").
    pub const fn suffix_en(self) -> &'static str {
        match self {
            Unit::Percent => "%",
            Unit::Cm => " cm",
            Unit::Mm => " mm",
            Unit::Fibres => " fibres",
            Unit::GreyScale => "",
        }
    }

    /// Text after a number in Chinese ("12 根", "4.5 级").
    pub const fn suffix_zh(self) -> &'static str {
        match self {
            Unit::Percent => "%",
            Unit::Cm => " cm",
            Unit::Mm => " mm",
            Unit::Fibres => " 根",
            Unit::GreyScale => " 级",
        }
    }
}

impl Direction {
    /// Whether `value` meets an inclusive `threshold` in this direction.
    #[inline]
    pub fn meets(self, value: rust_decimal::Decimal, threshold: rust_decimal::Decimal) -> bool {
        match self {
            Direction::Higher => value >= threshold,
            Direction::Lower => value <= threshold,
        }
    }

    /// "≥" or "≤", for explanations.
    pub const fn symbol(self) -> &'static str {
        match self {
            Direction::Higher => "≥",
            Direction::Lower => "≤",
        }
    }
}
