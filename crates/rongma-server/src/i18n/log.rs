//! Texts of the transparency log's page and of the log facts on other pages:
//! (key, 中文, English).

pub static TEXTS: &[(&str, &str, &str)] = &[
    ("log.title", "决定透明日志", "Transparency log of decisions"),
    ("log.intro", "每一项分级证书、标识码批次和分级方案的决定都记录在一棵公开的默克尔树中，任何人都可以用 rongma log verify 独立验证。", "Every decision on grade certificates, code batches and grading profiles is a leaf of a public Merkle tree that anyone can check with rongma log verify."),
    ("log.index", "日志序号", "Log index"),
    ("log.time", "时间", "Time"),
    ("log.kind", "决定", "Decision"),
    ("log.subject", "对象", "Subject"),
    ("log.proof", "包含证明", "Inclusion proof"),
    ("log.entry", "透明日志记录", "Transparency log entry"),
    ("log.checkpoint", "最新签名检查点", "Latest signed checkpoint"),
    ("log.key", "日志公钥", "Log key"),
];
