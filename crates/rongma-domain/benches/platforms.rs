//! Costs of the platform API's pure core on one core: signing and verifying a webhook,
//! hashing EPCIS events (a graded event of one code, a codes-issued event of 1,000),
//! reading and checking a listing claim, and the endpoint address check.
//! Run: `cargo bench -p rongma-domain --bench platforms -- --quick`.

use chrono::{TimeZone, Utc};
use criterion::{black_box, criterion_group, criterion_main, Criterion, Throughput};
use rongma_domain::grading::Grade;
use rongma_domain::ids::Uscc;
use rongma_domain::platforms::address::{check_endpoint, AddressPolicy};
use rongma_domain::platforms::claims::{check_claim, CertificateFacts, ListingDraft, Lookup};
use rongma_domain::platforms::epcis::{BizStep, EventTime, ItemUri, ObjectEvent};
use rongma_domain::platforms::epcis_hash::{event_hash, Namespaces};
use rongma_domain::platforms::webhooks::{
    verify, MessageId, ReceivedHeaders, WebhookHeaders, WebhookSecret,
};
use rongma_domain::registry::{DownSpecies, SizeFill};
use rongma_domain::workflow::CertificateState;

fn webhooks(c: &mut Criterion) {
    let secret = WebhookSecret::from_random_bytes(&[7; 32]).expect("secret");
    let id = MessageId::from_token("01JABCDEF").expect("id");
    let body = vec![b'x'; 1024];
    let mut g = c.benchmark_group("webhooks_1kB");
    g.throughput(Throughput::Elements(1));
    g.bench_function("sign", |b| {
        b.iter(|| WebhookHeaders::new(&[&secret], &id, 1_700_000_000, black_box(&body)))
    });
    let h = WebhookHeaders::new(&[&secret], &id, 1_700_000_000, &body);
    let received = ReceivedHeaders {
        id: Some(&h.id),
        timestamp: Some(&h.timestamp),
        signature: Some(&h.signature),
    };
    g.bench_function("verify", |b| {
        b.iter(|| verify(&[&secret], &received, black_box(&body), 1_700_000_010))
    });
    g.finish();
}

fn items(n: usize) -> Vec<ItemUri> {
    (0..n)
        .map(|i| {
            ItemUri::parse(&format!(
                "https://rongma.example.cn/01/06901234567892/21/A{i:017}"
            ))
            .expect("item")
        })
        .collect()
}

fn epcis(c: &mut Criterion) {
    let at = EventTime::china(Utc.with_ymd_and_hms(2025, 10, 20, 2, 0, 0).unwrap());
    let cert = "https://rongma.example.cn/certificates/PH-2025-0001";
    let ns = Namespaces::default();
    let graded = ObjectEvent::graded(items(1), at, BizStep::Inspecting, true, cert).to_json();
    let issued = ObjectEvent::codes_issued(items(1000), at).to_json();
    let mut g = c.benchmark_group("epcis_event_hash");
    g.throughput(Throughput::Elements(1));
    g.bench_function("graded_1_item", |b| {
        b.iter(|| event_hash(black_box(&graded), &ns))
    });
    g.throughput(Throughput::Elements(1000));
    g.bench_function("issued_1000_items", |b| {
        b.iter(|| event_hash(black_box(&issued), &ns))
    });
    g.finish();
}

fn claims(c: &mut Criterion) {
    let facts = CertificateFacts {
        number: "PH-2025-0001".into(),
        state: CertificateState::Active,
        grade: Grade::G4A,
        indicator_grades: Default::default(),
        species: DownSpecies::Goose,
        declared_down_cluster_pct: "80".parse().expect("decimal"),
        sizes: vec![SizeFill {
            size: "M".into(),
            fill_weight_g: "180".parse().expect("decimal"),
        }],
        enterprise: Uscc::parse("91330100799655058B").expect("uscc"),
    };
    let draft: ListingDraft = serde_json::from_value(serde_json::json!({
        "shop": "平湖羽绒旗舰店", "title": "白鹅绒轻暖羽绒服", "gtin": "6901234567892",
        "claimed_grade": "AAAAA", "claimed_down_cluster_pct": "90%",
        "claimed_fill_weight_g": "200g", "size": "M", "species": "白鹅绒",
        "enterprise_credit_code": "91330100799655058B"
    }))
    .expect("draft");
    let mut g = c.benchmark_group("claims");
    g.throughput(Throughput::Elements(1));
    g.bench_function("parse_and_check", |b| {
        b.iter(|| {
            let claim = black_box(&draft).parse(0).expect("claim");
            check_claim(&claim, Lookup::Certificate(&facts))
        })
    });
    g.finish();

    let policy = AddressPolicy::default();
    let resolved = ["93.184.216.34".parse().expect("ip")];
    c.bench_function("address_check", |b| {
        b.iter(|| {
            check_endpoint(
                &policy,
                black_box("https://hooks.example.com/rongma"),
                &resolved,
            )
        })
    });
}

criterion_group!(benches, webhooks, epcis, claims);
criterion_main!(benches);
