//! What the resolver answers for a Digital Link item with `Accept:
//! application/linkset+json`: an RFC 9264 linkset whose relation types are GS1 Web
//! Vocabulary IRIs — the product information page (`gs1:pip`, also the default link),
//! the certificate (`gs1:certificationInfo`) and the code check (`gs1:verificationService`)
//! — and the `/.well-known/gs1resolver` description of the resolver itself
//! (GS1-Conformant Resolver standard; field names as its description-file schema).

use serde_json::{json, Map, Value};

pub const LINKSET_MEDIA_TYPE: &str = "application/linkset+json";
pub const WELL_KNOWN_PATH: &str = "/.well-known/gs1resolver";

pub const GS1_VOC: &str = "https://gs1.org/voc/";
pub const REL_DEFAULT_LINK: &str = "https://gs1.org/voc/defaultLink";
pub const REL_PIP: &str = "https://gs1.org/voc/pip";
pub const REL_CERTIFICATION_INFO: &str = "https://gs1.org/voc/certificationInfo";
pub const REL_VERIFICATION_SERVICE: &str = "https://gs1.org/voc/verificationService";

/// One link target (RFC 9264 section 4.2.4 target attributes).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    pub href: String,
    pub title: String,
    /// Media type of the target, e.g. `text/html`.
    pub media_type: String,
    /// Languages of the target, e.g. `["zh-CN", "en"]`.
    pub hreflang: Vec<String>,
}

impl Link {
    fn to_json(&self) -> Value {
        let mut m = Map::new();
        m.insert("href".into(), json!(self.href));
        m.insert("title".into(), json!(self.title));
        m.insert("type".into(), json!(self.media_type));
        if !self.hreflang.is_empty() {
            m.insert("hreflang".into(), json!(self.hreflang));
        }
        Value::Object(m)
    }
}

/// The links of one item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ItemLinks {
    /// The Digital Link URI asked about (the link context).
    pub anchor: String,
    pub description: Option<String>,
    /// Product information pages; the first is also the default link.
    pub pip: Vec<Link>,
    pub certification_info: Vec<Link>,
    pub verification_service: Vec<Link>,
}

impl ItemLinks {
    /// `{"linkset": [{"anchor": …, "<relation IRI>": [targets …]}]}`; relations without
    /// targets are left out, as RFC 9264 requires.
    pub fn to_linkset(&self) -> Value {
        let mut ctx = Map::new();
        ctx.insert("anchor".into(), json!(self.anchor));
        if let Some(d) = &self.description {
            ctx.insert("description".into(), json!(d));
        }
        let default: Vec<Link> = self.pip.iter().take(1).cloned().collect();
        for (rel, links) in [
            (REL_DEFAULT_LINK, &default),
            (REL_PIP, &self.pip),
            (REL_CERTIFICATION_INFO, &self.certification_info),
            (REL_VERIFICATION_SERVICE, &self.verification_service),
        ] {
            if !links.is_empty() {
                ctx.insert(rel.into(), links.iter().map(Link::to_json).collect());
            }
        }
        json!({ "linkset": [Value::Object(ctx)] })
    }
}

/// The resolver description served at [`WELL_KNOWN_PATH`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResolverDescription {
    pub name: String,
    /// e.g. `https://rongma.example.cn`
    pub resolver_root: String,
    /// Numeric AIs of the primary keys resolved, e.g. `["01"]`.
    pub supported_primary_keys: Vec<String>,
    /// Whether `?linkType=linkset` may be made the default answer.
    pub link_type_default_can_be_linkset: bool,
}

impl ResolverDescription {
    pub fn to_json(&self) -> Value {
        json!({
            "name": self.name,
            "resolverRoot": self.resolver_root,
            "supportedPrimaryKeys": self.supported_primary_keys,
            "supportedLinkType": [{ "namespace": GS1_VOC, "prefix": "gs1:" }],
            "linkTypeDefaultCanBeLinkset": self.link_type_default_can_be_linkset,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn link(href: &str, title: &str) -> Link {
        Link {
            href: href.into(),
            title: title.into(),
            media_type: "text/html".into(),
            hreflang: vec!["zh-CN".into()],
        }
    }

    #[test]
    fn linkset_of_an_item() {
        let anchor = "https://rongma.example.cn/01/06901234567892/21/0123456789ABCDEFGH";
        let links = ItemLinks {
            anchor: anchor.into(),
            description: Some("轻暖短款羽绒服 4A".into()),
            pip: vec![link(
                "https://rongma.example.cn/C/0123456789ABCDEFGH",
                "产品信息",
            )],
            certification_info: vec![link(
                "https://rongma.example.cn/certificates/PH-2025-0001",
                "分级证书 PH-2025-0001",
            )],
            verification_service: vec![],
        };
        let j = links.to_linkset();
        let ctx = &j["linkset"][0];
        assert_eq!(ctx["anchor"], anchor);
        assert_eq!(ctx[REL_DEFAULT_LINK], ctx[REL_PIP]);
        assert_eq!(ctx[REL_PIP][0]["hreflang"], json!(["zh-CN"]));
        assert_eq!(ctx[REL_PIP][0]["type"], "text/html");
        assert_eq!(
            ctx[REL_CERTIFICATION_INFO][0]["href"],
            "https://rongma.example.cn/certificates/PH-2025-0001"
        );
        assert!(ctx.get(REL_VERIFICATION_SERVICE).is_none());
        assert_eq!(ctx.as_object().unwrap().len(), 5);
    }

    #[test]
    fn resolver_description_field_names() {
        let d = ResolverDescription {
            name: "rongma 绒码 resolver".into(),
            resolver_root: "https://rongma.example.cn".into(),
            supported_primary_keys: vec!["01".into()],
            link_type_default_can_be_linkset: false,
        };
        assert_eq!(
            d.to_json(),
            json!({
                "name": "rongma 绒码 resolver",
                "resolverRoot": "https://rongma.example.cn",
                "supportedPrimaryKeys": ["01"],
                "supportedLinkType": [{"namespace": "https://gs1.org/voc/", "prefix": "gs1:"}],
                "linkTypeDefaultCanBeLinkset": false
            })
        );
    }
}
