//! Reading a plan document in one streaming pass over its bytes. The `enterprises` array
//! may hold millions of entries, so a pass either skips it (header pass) or hands each
//! entry to a callback with its strings borrowed from the bytes (enterprise pass); it is
//! never collected here. Every JSON object is read with duplicate keys refused: another
//! parser could keep the other copy, and then two verifiers would disagree.

use super::strict_json::{other_shapes, Loose, StrictValue, StrictVisitor, Text};
use serde::de::{self, DeserializeSeed, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Value};
use std::collections::HashSet;
use std::fmt;

/// One `enterprises[i]` entry as written.
#[derive(Debug, Default)]
pub(super) struct RawEnterprise<'de> {
    pub not_object: bool,
    pub id: Option<Loose<'de>>,
    pub stratum: Option<Loose<'de>>,
    pub weight: Option<Loose<'de>>,
    /// Other keys, kept only when the pass asks for them.
    pub extra: Map<String, Value>,
}

/// What a pass does with the `enterprises` array.
pub(super) enum Pass<'f> {
    /// Skip it; collect every other top-level field.
    Header,
    /// Skip every other field; hand each entry to the callback.
    Enterprises {
        keep_extra: bool,
        f: &'f mut dyn FnMut(usize, RawEnterprise<'_>),
    },
}

/// The top-level fields other than `enterprises` (header pass), and whether `enterprises`
/// was present and an array.
#[derive(Debug, Default)]
pub(super) struct Top {
    pub fields: Map<String, Value>,
    pub enterprises: Option<bool>,
}

/// Runs one pass. `Err` is a JSON syntax error or a duplicate key, with line and column.
pub(super) fn read(bytes: &[u8], pass: Pass<'_>) -> Result<Top, String> {
    let mut de = serde_json::Deserializer::from_slice(bytes);
    let top = TopSeed(pass)
        .deserialize(&mut de)
        .map_err(|e| e.to_string())?;
    de.end().map_err(|e| e.to_string())?;
    Ok(top)
}

struct TopSeed<'f>(Pass<'f>);

impl<'de> DeserializeSeed<'de> for TopSeed<'_> {
    type Value = Top;
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<Top, D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for TopSeed<'_> {
    type Value = Top;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a plan document (a JSON object)")
    }
    fn visit_map<A: MapAccess<'de>>(mut self, mut map: A) -> Result<Top, A::Error> {
        let mut top = Top::default();
        let mut seen = HashSet::new();
        while let Some(Text(key)) = map.next_key::<Text<'de>>()? {
            if !seen.insert(key.clone().into_owned()) {
                return Err(de::Error::custom(format_args!(
                    "the key {key:?} appears twice"
                )));
            }
            match (&mut self.0, key.as_ref()) {
                (Pass::Header, "enterprises") => {
                    top.enterprises = Some(map.next_value::<IsArray>()?.0)
                }
                (Pass::Header, _) => {
                    let StrictValue(v) = map.next_value()?;
                    top.fields.insert(key.into_owned(), v);
                }
                (Pass::Enterprises { keep_extra, f }, "enterprises") => {
                    let seed = EnterprisesSeed {
                        keep_extra: *keep_extra,
                        f: &mut **f,
                    };
                    top.enterprises = Some(map.next_value_seed(seed)?);
                }
                (Pass::Enterprises { .. }, _) => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(top)
    }
}

/// Skips a value, telling whether it was an array.
struct IsArray(bool);

impl<'de> de::Deserialize<'de> for IsArray {
    fn deserialize<D: de::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = IsArray;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("any value")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<IsArray, A::Error> {
                while seq.next_element::<IgnoredAny>()?.is_some() {}
                Ok(IsArray(true))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<IsArray, A::Error> {
                while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
                Ok(IsArray(false))
            }
            other_shapes!(IsArray(false));
        }
        d.deserialize_any(V)
    }
}

struct EnterprisesSeed<'f> {
    keep_extra: bool,
    f: &'f mut dyn FnMut(usize, RawEnterprise<'_>),
}

impl<'de> DeserializeSeed<'de> for EnterprisesSeed<'_> {
    type Value = bool;
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<bool, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for EnterprisesSeed<'_> {
    type Value = bool;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an array of enterprises")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<bool, A::Error> {
        let mut i = 0;
        while let Some(e) = seq.next_element_seed(EntrySeed(self.keep_extra))? {
            (self.f)(i, e);
            i += 1;
        }
        Ok(true)
    }
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<bool, A::Error> {
        StrictVisitor.visit_map(map).map(|_| false)
    }
    other_shapes!(false);
}

struct EntrySeed(bool);

impl<'de> DeserializeSeed<'de> for EntrySeed {
    type Value = RawEnterprise<'de>;
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for EntrySeed {
    type Value = RawEnterprise<'de>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an enterprise object")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut e = RawEnterprise::default();
        let mut others = HashSet::new();
        while let Some(Text(key)) = map.next_key::<Text<'de>>()? {
            let slot = match key.as_ref() {
                "id" => &mut e.id,
                "stratum" => &mut e.stratum,
                "weight" => &mut e.weight,
                _ => {
                    if !others.insert(key.clone().into_owned()) {
                        return Err(de::Error::custom(format_args!(
                            "the key {key:?} appears twice"
                        )));
                    }
                    if self.0 {
                        let StrictValue(v) = map.next_value()?;
                        e.extra.insert(key.into_owned(), v);
                    } else {
                        map.next_value::<StrictValue>()?;
                    }
                    continue;
                }
            };
            if slot.is_some() {
                return Err(de::Error::custom(format_args!(
                    "the key {key:?} appears twice"
                )));
            }
            *slot = Some(map.next_value::<Loose<'de>>()?);
        }
        Ok(e)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        while seq.next_element::<StrictValue>()?.is_some() {}
        Ok(RawEnterprise {
            not_object: true,
            ..Default::default()
        })
    }
    other_shapes!(RawEnterprise {
        not_object: true,
        ..Default::default()
    });
}
