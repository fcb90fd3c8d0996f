//! The statistics page draws the complaints-by-category chart on the server (inline SVG,
//! one bar per category, the longest for the most complaints) with legends in the
//! page's language; the scan charts' legend names the day column in that language too.

use crate::support::codes::World;
use serde_json::json;

/// The `width` of the bar whose title starts with `label`.
fn bar_width(svg: &str, label: &str) -> Option<u32> {
    let at = svg.find(&format!("<title>{label}: "))?;
    let rect = svg[..at].rfind("<rect ")?;
    let tag = &svg[rect..at];
    let w = tag.split("width=\"").nth(1)?.split('"').next()?;
    w.parse().ok()
}

#[tokio::test]
async fn complaints_by_category_are_drawn_with_localised_legends() {
    let w = World::new(rongma_testkit::TestDb::sqlite().await).await;
    let b = w.batch_a(1).await;
    let serial = w.serial(&b, 0);
    for (category, n) in [("fill_weight", 2), ("counterfeit", 1)] {
        for _ in 0..n {
            w.t.file_complaint(&json!({"serial": serial, "category": category,
                "description": "充绒量不足"}))
                .await
                .assert_status(201);
        }
    }
    let regulator = w.t.logged_in("t-regulator", "/scans/stats").await;
    let (status, zh) = regulator.page("/scans/stats?lang=zh").await;
    assert_eq!(status, 200);
    let svg_at = zh
        .find("<svg id=\"chart-complaints\"")
        .expect("chart drawn");
    let svg = &zh[svg_at..zh[svg_at..].find("</svg>").unwrap() + svg_at];
    assert_eq!(svg.matches("<rect ").count(), 2, "{svg}");
    let (fill, fake) = (
        bar_width(svg, "充绒量不足").expect("fill-weight bar"),
        bar_width(svg, "疑似假冒").expect("counterfeit bar"),
    );
    assert_eq!((fill, fake), (320, 160), "bars proportional: {svg}");
    assert!(
        !svg.contains("fill_weight") && !svg.contains("Fill weight"),
        "{svg}"
    );
    // The day legend for the scan charts, in the page's language.
    assert!(zh.contains("\"day\":\"日期\""), "{zh}");

    let (_, en) = regulator.page("/scans/stats?lang=en").await;
    let svg_at = en
        .find("<svg id=\"chart-complaints\"")
        .expect("chart drawn");
    let svg = &en[svg_at..en[svg_at..].find("</svg>").unwrap() + svg_at];
    assert_eq!(bar_width(svg, "Fill weight too low"), Some(320), "{svg}");
    assert_eq!(bar_width(svg, "Suspected counterfeit"), Some(160), "{svg}");
    assert!(!svg.contains("充绒量不足"), "{svg}");
    assert!(en.contains("\"day\":\"Day\"") && en.contains("Complaints by category"));
    // Drawn without a script: the SVG is in the HTML itself, the CSP allows no inline style.
    assert!(!svg.contains("style="), "{svg}");
}
