//! The fixed texts of a credit report: how to read it, what the class is (and is not),
//! and the dispute notice. In both languages, like every text a lender sees.

pub(super) const HOW_TO_READ: (&str, &str) = (
    "本报告列出企业在羽绒服装质量分级中的记录。每项事实附透明日志叶序号（log_index），可据此取得该叶及其包含证明，核对事实与监管部门公开发布的一致。报告经 Ed25519 签名，修改任何内容都会使签名失效。",
    "This report lists the enterprise's record in the down garment quality grading scheme. Each fact carries the index of the transparency-log leaf behind it (log_index): fetch that leaf and its inclusion proof to check the fact is what the regulator published. The report is signed with Ed25519; changing anything in it breaks the signature.",
);
pub(super) const CLASS_SHOWN: (&str, &str) = (
    "质量信用等级仅依据分级试点中的质量记录，按所列信用模型计算，不是市场监管部门的企业信用风险分类，也不是对企业的全面信用评价。",
    "The quality-credit class is computed from the grading scheme's quality record only, by the credit model named here. It is not the regulator's credit-risk classification of the enterprise, nor a full credit evaluation.",
);
pub(super) const CLASS_HIDDEN: (&str, &str) = (
    "本报告不显示信用等级：该等级仅供监管内部参考，或企业授权未包括信用等级。",
    "This report does not show the credit class: it is an internal reference of the regulator, or the enterprise's consent does not cover it.",
);
pub(super) const DISPUTE_NOTICE: (&str, &str) = (
    "企业或报告使用者对所列事实有异议的，可向出具报告的市场监管部门提出异议申请；处理期间该事实标注为“异议中”。",
    "The enterprise or the report's user may dispute a listed fact with the issuing market regulator; while the dispute is handled the fact is marked as disputed.",
);
