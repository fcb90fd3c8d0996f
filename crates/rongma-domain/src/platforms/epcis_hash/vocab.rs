//! Standard vocabulary in its three spellings, all mapped to the CBV 2.0 Web URI the
//! pre-hash string uses:
//! - JSON-LD bare strings (`"shipping"` as a bizStep), expanded only where the EPCIS 2.0
//!   context defines the term for that field (an unknown term stays as written);
//! - EPCIS 1.x URNs (`urn:epcglobal:cbv:bizstep:shipping`);
//! - CURIEs (`cbv:BizStep-shipping`, `gs1:Temperature`), with the prefixes of the
//!   document's `@context` and the standard ones.
//!
//! The term lists are those of `https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld`.

use std::collections::BTreeMap;

const CBV: &str = "https://ref.gs1.org/cbv/";
const GS1: &str = "https://gs1.org/voc/";

#[rustfmt::skip]
const BIZ_STEPS: &[&str] = &[
    "accepting", "arriving", "assembling", "collecting", "commissioning", "consigning",
    "creating_class_instance", "cycle_counting", "decommissioning", "departing", "destroying",
    "disassembling", "dispensing", "encoding", "entering_exiting", "holding", "inspecting",
    "installing", "killing", "loading", "other", "packing", "picking", "receiving", "removing",
    "repackaging", "repairing", "replacing", "reserving", "retail_selling", "sampling",
    "sensor_reporting", "shipping", "staging_outbound", "stock_taking", "stocking", "storing",
    "transporting", "unloading", "unpacking", "void_shipping",
];

#[rustfmt::skip]
const DISPOSITIONS: &[&str] = &[
    "active", "available", "completeness_inferred", "completeness_verified", "conformant",
    "container_closed", "container_open", "damaged", "destroyed", "dispensed", "disposed",
    "encoded", "expired", "in_progress", "in_transit", "inactive", "mismatch_class",
    "mismatch_instance", "mismatch_quantity", "needs_replacement", "no_pedigree_match",
    "non_conformant", "non_sellable_other", "partially_dispensed", "recalled", "reserved",
    "retail_sold", "returned", "sellable_accessible", "sellable_not_accessible", "stolen",
    "unavailable", "unknown",
];

#[rustfmt::skip]
const BIZ_TRANSACTION_TYPES: &[&str] = &[
    "bol", "cert", "desadv", "inv", "pedigree", "po", "poc", "prodorder", "recadv", "rma",
    "testprd", "testres", "upevt",
];

const SOURCE_DEST_TYPES: &[&str] = &["location", "owning_party", "possessing_party"];

#[rustfmt::skip]
const MEASUREMENT_TYPES: &[&str] = &[
    "AbsoluteHumidity", "AbsorbedDose", "AbsorbedDoseRate", "Acceleration", "Altitude",
    "AmountOfSubstance", "AmountOfSubstancePerUnitVolume", "Angle", "AngularAcceleration",
    "AngularMomentum", "AngularVelocity", "Area", "Capacitance", "Conductance", "Conductivity",
    "Count", "Density", "Dimensionless", "DoseEquivalent", "DoseEquivalentRate",
    "DynamicViscosity", "ElectricCharge", "ElectricCurrent", "ElectricCurrentDensity",
    "ElectricFieldStrength", "Energy", "Exposure", "Force", "Frequency", "Illuminance",
    "Inductance", "Irradiance", "KinematicViscosity", "Length", "LinearMomentum", "Luminance",
    "LuminousFlux", "LuminousIntensity", "MagneticFlux", "MagneticFluxDensity",
    "MagneticVectorPotential", "Mass", "MassConcentration", "MassFlowRate", "MassPerAreaTime",
    "MemoryCapacity", "MolalityOfSolute", "MolarEnergy", "MolarMass", "MolarVolume", "Power",
    "Pressure", "RadiantFlux", "RadiantIntensity", "Radioactivity", "RelativeHumidity",
    "Resistance", "Resistivity", "SolidAngle", "SpecificVolume", "Speed", "SurfaceDensity",
    "SurfaceTension", "Temperature", "Time", "Torque", "Voltage", "Volume", "VolumeFlowRate",
    "VolumeFraction", "VolumetricFlux", "Wavenumber",
];

const SENSOR_EXCEPTIONS: &[&str] = &["ALARM_CONDITION", "ERROR_CONDITION"];

#[rustfmt::skip]
const COMPONENTS: &[&str] = &[
    "altitude", "axial_distance", "azimuth", "easting", "elevation_angle", "height", "latitude",
    "longitude", "northing", "polar_angle", "spherical_radius", "x", "y", "z",
];

const ERROR_REASONS: &[&str] = &["did_not_occur", "incorrect_data"];

/// The expansion of a bare term for field `key` inside `parent` (raw JSON keys), if the
/// EPCIS context defines one.
pub(super) fn expand_bare(parent: &str, key: &str, value: &str) -> Option<String> {
    let (terms, prefix): (&[&str], String) = match (parent, key) {
        (_, "bizStep") => (BIZ_STEPS, format!("{CBV}BizStep-")),
        (_, "disposition") | ("persistentDisposition", "set" | "unset") => {
            (DISPOSITIONS, format!("{CBV}Disp-"))
        }
        ("bizTransactionList", "type") => (BIZ_TRANSACTION_TYPES, format!("{CBV}BTT-")),
        ("sourceList" | "destinationList", "type") => (SOURCE_DEST_TYPES, format!("{CBV}SDT-")),
        ("sensorReport", "type") => (MEASUREMENT_TYPES, GS1.to_owned()),
        ("sensorReport", "exception") => (SENSOR_EXCEPTIONS, GS1.to_owned()),
        ("sensorReport", "component") => (COMPONENTS, format!("{CBV}Comp-")),
        ("errorDeclaration", "reason") => (ERROR_REASONS, format!("{CBV}ER-")),
        _ => return None,
    };
    terms
        .binary_search(&value)
        .ok()
        .map(|_| format!("{prefix}{value}"))
}

/// EPCIS 1.x vocabulary URNs to CBV 2.0 Web URIs, wherever they occur in a value.
pub(super) fn web_vocabulary(text: &str) -> String {
    const URNS: [(&str, &str); 5] = [
        ("urn:epcglobal:cbv:bizstep:", "BizStep-"),
        ("urn:epcglobal:cbv:disp:", "Disp-"),
        ("urn:epcglobal:cbv:btt:", "BTT-"),
        ("urn:epcglobal:cbv:sdt:", "SDT-"),
        ("urn:epcglobal:cbv:er:", "ER-"),
    ];
    let mut out = text.to_owned();
    for (urn, term) in URNS {
        if out.contains(urn) {
            out = out.replace(urn, &format!("{CBV}{term}"));
        }
    }
    out
}

/// CURIE prefixes: the standard ones of the EPCIS context, then the document's own.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Namespaces(BTreeMap<String, String>);

impl Default for Namespaces {
    fn default() -> Self {
        let standard = [
            ("epcis", "https://ref.gs1.org/epcis/"),
            ("cbv", CBV),
            ("cbvmda", "urn:epcglobal:cbv:mda:"),
            ("gs1", GS1),
        ];
        Self(
            standard
                .iter()
                .map(|(p, iri)| ((*p).to_owned(), (*iri).to_owned()))
                .collect(),
        )
    }
}

impl Namespaces {
    /// The standard prefixes plus every `"prefix": "iri"` of a document's `@context`
    /// (a string, an object or a list of both; strings are context URLs and add nothing).
    pub fn from_context(context: &serde_json::Value) -> Self {
        let mut ns = Self::default();
        let mut add = |v: &serde_json::Value| {
            if let Some(map) = v.as_object() {
                for (prefix, iri) in map {
                    if let Some(iri) = iri.as_str() {
                        ns.0.insert(prefix.clone(), iri.to_owned());
                    }
                }
            }
        };
        match context {
            serde_json::Value::Array(items) => items.iter().for_each(&mut add),
            other => add(other),
        }
        ns
    }

    /// Adds or replaces one prefix.
    pub fn with(mut self, prefix: &str, iri: &str) -> Self {
        self.0.insert(prefix.to_owned(), iri.to_owned());
        self
    }

    fn split<'a>(&self, text: &'a str) -> Option<(&str, &'a str)> {
        let (prefix, local) = text.split_once(':')?;
        self.0.get(prefix).map(|iri| (iri.as_str(), local))
    }

    /// A key as the pre-hash string writes it: `{iri}local` for a known prefix.
    pub(super) fn key(&self, key: &str) -> String {
        match self.split(key) {
            Some((iri, local)) => format!("{{{iri}}}{local}"),
            None => key.to_owned(),
        }
    }

    /// A value with a known CURIE prefix expanded to its IRI.
    pub(super) fn value(&self, text: &str) -> String {
        match self.split(text) {
            Some((iri, local)) => format!("{iri}{local}"),
            None => text.to_owned(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn term_lists_are_sorted_for_binary_search() {
        for list in [
            BIZ_STEPS,
            DISPOSITIONS,
            BIZ_TRANSACTION_TYPES,
            SOURCE_DEST_TYPES,
            MEASUREMENT_TYPES,
            SENSOR_EXCEPTIONS,
            COMPONENTS,
            ERROR_REASONS,
        ] {
            assert!(list.windows(2).all(|w| w[0] < w[1]), "{list:?}");
        }
    }

    #[test]
    fn bare_terms_expand_only_in_their_field() {
        assert_eq!(
            expand_bare("ObjectEvent", "bizStep", "commissioning").as_deref(),
            Some("https://ref.gs1.org/cbv/BizStep-commissioning")
        );
        assert_eq!(
            expand_bare("ObjectEvent", "disposition", "non_conformant").as_deref(),
            Some("https://ref.gs1.org/cbv/Disp-non_conformant")
        );
        assert_eq!(expand_bare("ObjectEvent", "disposition", "shipping"), None);
        assert_eq!(expand_bare("example", "type", "po"), None);
        assert_eq!(
            expand_bare("sensorReport", "type", "Temperature").as_deref(),
            Some("https://gs1.org/voc/Temperature")
        );
    }

    #[test]
    fn urns_and_curies() {
        assert_eq!(
            web_vocabulary("urn:epcglobal:cbv:bizstep:receiving"),
            "https://ref.gs1.org/cbv/BizStep-receiving"
        );
        let ns = Namespaces::from_context(&serde_json::json!([
            "https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld",
            {"ex": "https://ns.example.com/epcis/"}
        ]));
        assert_eq!(
            ns.key("ex:myField"),
            "{https://ns.example.com/epcis/}myField"
        );
        assert_eq!(
            ns.value("gs1:Temperature"),
            "https://gs1.org/voc/Temperature"
        );
        assert_eq!(ns.value("urn:epc:id:sgtin:1.2.3"), "urn:epc:id:sgtin:1.2.3");
        assert_eq!(ns.key("plainKey"), "plainKey");
    }
}
