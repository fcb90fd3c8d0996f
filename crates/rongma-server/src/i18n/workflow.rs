//! Texts of reports, applications, certificates and the public list: (key, 中文, English).

pub static TEXTS: &[(&str, &str, &str)] = &[];
