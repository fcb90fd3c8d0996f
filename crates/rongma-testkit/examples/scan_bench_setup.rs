//! Set-up for bench/scan-bench.sh: in the data directory of a migrated SQLite database
//! (`rongma migrate` run there first), registers an enterprise, a brand, a product and a
//! lab, writes a certificate resting on a report graded by the engine (so scan pages show
//! all five indicators with measured values, as in real use), issues a batch of N codes,
//! and writes `serials.txt` (one serial per line) and `pins.txt` (`serial,pin`) for the
//! load generator.
//!
//!     cargo run --release -p rongma-testkit --example scan_bench_setup -- DIR N

use rongma_app::Actor;
use rongma_domain::codes::{BatchDraft, KeyId, Seq, SeqRange};
use rongma_testkit::{certificates, data_dir, Holder};
use std::io::Write;

#[tokio::main]
async fn main() {
    let mut args = std::env::args().skip(1);
    let dir = std::path::PathBuf::from(args.next().expect("usage: scan_bench_setup DIR N"));
    let n: i64 = args.next().and_then(|s| s.parse().ok()).unwrap_or(100_000);
    let app = data_dir::app_in(&dir).await;
    let h = Holder::create_for_bench(&app).await;
    let cert = certificates::graded_certificate(&app, &h.product, h.lab.id).await;
    let batch = app
        .issue_batch(
            &Actor::system("bench"),
            BatchDraft {
                certificate_id: Some(cert.id),
                quantity: Some(n),
                lot_no: Some("BENCH-LOT".into()),
                production_date: Some(app.now().date_naive().to_string()),
                sizes: None,
                digital_link: None,
            },
        )
        .await
        .expect("batch");
    let key = KeyId::parse(&batch.batch.key_id).expect("key id");
    let range = SeqRange::new(batch.batch.seq_start, n as u64).expect("range");
    let keys = app.code_keys();
    let mut serials =
        std::io::BufWriter::new(std::fs::File::create(dir.join("serials.txt")).unwrap());
    let mut pins = std::io::BufWriter::new(std::fs::File::create(dir.join("pins.txt")).unwrap());
    for seq in range.start().get()..range.end() {
        let seq = Seq::new(seq).unwrap();
        let serial = keys.serial_keys().issue_with(key, seq).unwrap();
        let pin = keys.pin_keys().pin(key, seq).unwrap();
        writeln!(serials, "{serial}").unwrap();
        writeln!(pins, "{serial},{pin}").unwrap();
    }
    serials.flush().unwrap();
    pins.flush().unwrap();
    app.store().close().await;
    println!("{}", batch.batch.id);
}
