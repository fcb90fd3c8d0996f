//! A test report as typed values, built only by the JSON and CSV readers (parse, don't
//! validate): once a `Report` exists, every number is an exact, in-range decimal.

use super::catalogue::{ComponentId, FillPowerMethod, IndicatorId, Odour, Species};
use rust_decimal::Decimal;
use serde::ser::{SerializeMap, Serializer};
use serde::Serialize;

/// What the label declares (compared as written, never rounded).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Declared {
    pub(super) species: Species,
    pub(super) down_cluster_pct: Decimal,
    pub(super) fill_weight_g: Decimal,
}

/// What the lab measured (rounded to each indicator's precision before comparing).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Measured {
    pub(super) down_cluster_pct: Decimal,
    pub(super) fill_power_cm: Decimal,
    pub(super) fill_power_method: FillPowerMethod,
    pub(super) turbidity_mm: Decimal,
    pub(super) oxygen_mg_per_100g: Decimal,
    pub(super) fat_pct: Decimal,
    pub(super) odour: Odour,
    pub(super) down_leakage_fibres: Decimal,
    pub(super) fill_weight_g: Decimal,
    pub(super) colour_fastness: ColourFastness,
}

/// Grey-scale component grades (1–5, half steps) and blue-wool light fastness (1–8).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ColourFastness {
    /// Indexed by `ComponentId` catalogue position.
    pub(super) components: [Decimal; 10],
    pub(super) light: Decimal,
}

/// One parsed test report. Serialises to the same nested JSON shape it is read from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Report {
    pub(super) declared: Declared,
    pub(super) measured: Measured,
}

impl Report {
    pub fn declared(&self) -> &Declared {
        &self.declared
    }

    pub fn measured(&self) -> &Measured {
        &self.measured
    }

    /// The raw measured value a plain indicator reads; `None` for the composite.
    #[inline]
    pub fn indicator_value(&self, id: IndicatorId) -> Option<Decimal> {
        let m = &self.measured;
        match id {
            IndicatorId::DownCluster => Some(m.down_cluster_pct),
            IndicatorId::FillPower => Some(m.fill_power_cm),
            IndicatorId::Turbidity => Some(m.turbidity_mm),
            IndicatorId::DownLeakage => Some(m.down_leakage_fibres),
            IndicatorId::ColourFastness => None,
        }
    }
}

impl Declared {
    pub fn species(&self) -> Species {
        self.species
    }
    pub fn down_cluster_pct(&self) -> Decimal {
        self.down_cluster_pct
    }
    pub fn fill_weight_g(&self) -> Decimal {
        self.fill_weight_g
    }
}

impl Measured {
    pub fn down_cluster_pct(&self) -> Decimal {
        self.down_cluster_pct
    }
    pub fn fill_power_cm(&self) -> Decimal {
        self.fill_power_cm
    }
    pub fn fill_power_method(&self) -> FillPowerMethod {
        self.fill_power_method
    }
    pub fn turbidity_mm(&self) -> Decimal {
        self.turbidity_mm
    }
    pub fn oxygen_mg_per_100g(&self) -> Decimal {
        self.oxygen_mg_per_100g
    }
    pub fn fat_pct(&self) -> Decimal {
        self.fat_pct
    }
    pub fn odour(&self) -> Odour {
        self.odour
    }
    pub fn down_leakage_fibres(&self) -> Decimal {
        self.down_leakage_fibres
    }
    pub fn fill_weight_g(&self) -> Decimal {
        self.fill_weight_g
    }
    pub fn colour_fastness(&self) -> &ColourFastness {
        &self.colour_fastness
    }
}

impl ColourFastness {
    #[inline]
    pub fn component(&self, id: ComponentId) -> Decimal {
        self.components[id as usize]
    }
    pub fn light(&self) -> Decimal {
        self.light
    }
}

impl Serialize for ColourFastness {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(ComponentId::ALL.len() + 1))?;
        for &id in ComponentId::ALL {
            map.serialize_entry(id.as_str(), &self.component(id))?;
        }
        map.serialize_entry("light", &self.light)?;
        map.end()
    }
}
