//! A sample product and codes shared by the label tests.
#![allow(dead_code)]

use rongma_domain::codes::{
    CodeKeys, IssuedCode, KeyId, Keyring, PinKeyring, PublicHost, SecretKey, SeqRange, UrlTemplate,
};
use rongma_label::{IndicatorGrade, TagCodes, TagData};

pub fn product() -> TagData {
    TagData {
        brand: "雪域绒品".into(),
        style_number: "XY-2025-018".into(),
        style_name: "轻暖连帽短款羽绒服".into(),
        grade: "4A".into(),
        indicators: vec![
            IndicatorGrade::new("绒子含量", "4A"),
            IndicatorGrade::new("蓬松度", "5A"),
            IndicatorGrade::new("浊度", "4A"),
            IndicatorGrade::new("钻绒值", "4A"),
            IndicatorGrade::new("色牢度", "5A"),
        ],
        down_species: "白鹅绒".into(),
        down_content: "90%".into(),
        fill_weight: "158 g".into(),
        size: "L".into(),
        certificate_no: "PH-RF-2025-000123".into(),
        grade_note: String::new(),
    }
}

pub fn keys() -> CodeKeys {
    let one = KeyId::parse("1").unwrap();
    let secret = |first: u8| SecretKey::from_bytes((first..first + 32).collect()).unwrap();
    let serial = Keyring::new(one, [(one, secret(0x20))]).unwrap();
    let pin = PinKeyring::new(one, [(one, secret(0xa0))]).unwrap();
    CodeKeys::new(serial, pin).unwrap()
}

pub fn host() -> PublicHost {
    PublicHost::parse("rongma.example.cn").unwrap()
}

/// Codes of sequence numbers `start..start + count` with short URLs.
pub fn codes(start: u64, count: u64) -> Vec<TagCodes> {
    let keys = keys();
    let urls = UrlTemplate::short(&host());
    let range = SeqRange::new(start, count).unwrap();
    keys.codes(keys.current(), range)
        .unwrap()
        .map(|code: IssuedCode| TagCodes::new(&code, &urls, true))
        .collect()
}

pub fn one_code() -> TagCodes {
    codes(1, 1).remove(0)
}
