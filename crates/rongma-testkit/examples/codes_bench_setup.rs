//! Set-up for bench/codes-batch.sh: in the data directory of a migrated SQLite database
//! (`rongma migrate` run there first), registers an enterprise, a brand, a product and a
//! lab, and writes an active certificate straight through the store. Prints the
//! certificate id for `rongma codes issue --certificate`.
//!
//!     cargo run --release -p rongma-testkit --example codes_bench_setup -- DIR

use rongma_testkit::{certificates, data_dir, Holder};

#[tokio::main]
async fn main() {
    let dir = std::path::PathBuf::from(
        std::env::args()
            .nth(1)
            .expect("usage: codes_bench_setup DIR"),
    );
    let app = data_dir::app_in(&dir).await;
    let h = Holder::create_for_bench(&app).await;
    let c = certificates::valid_from_yesterday(&app, &h.product, h.lab.id, 300).await;
    app.store().close().await;
    println!("{}", c.id);
}
