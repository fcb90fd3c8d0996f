//! Page language: Simplified Chinese by default, English on request (`?lang=en`, then
//! remembered in a cookie). Texts live in one table, keyed by a short name.

use std::collections::HashMap;
use std::sync::OnceLock;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    Zh,
    En,
}

impl Lang {
    pub fn parse(s: &str) -> Option<Lang> {
        match s.trim().to_ascii_lowercase().as_str() {
            "zh" | "zh-cn" | "zh-hans" => Some(Lang::Zh),
            "en" | "en-us" | "en-gb" => Some(Lang::En),
            _ => None,
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Lang::Zh => "zh",
            Lang::En => "en",
        }
    }

    /// The `lang` attribute of the page.
    pub fn html(self) -> &'static str {
        match self {
            Lang::Zh => "zh-CN",
            Lang::En => "en",
        }
    }

    pub fn other(self) -> Lang {
        match self {
            Lang::Zh => Lang::En,
            Lang::En => Lang::Zh,
        }
    }

    /// Picks the English or Chinese variant of a text.
    pub fn pick<'a>(self, zh: &'a str, en: &'a str) -> &'a str {
        match self {
            Lang::Zh => zh,
            Lang::En => en,
        }
    }
}

/// A translator for one language.
#[derive(Debug, Clone, Copy)]
pub struct Tr(pub Lang);

impl Tr {
    /// The text for `key`; an unknown key shows itself, which the page tests catch.
    pub fn t(&self, key: &'static str) -> &'static str {
        let table =
            TABLE.get_or_init(|| TEXTS.iter().map(|(k, zh, en)| (*k, (*zh, *en))).collect());
        match table.get(key) {
            Some((zh, en)) => self.0.pick(zh, en),
            None => {
                tracing::warn!(key, "missing translation");
                key
            }
        }
    }
}

static TABLE: OnceLock<HashMap<&'static str, (&'static str, &'static str)>> = OnceLock::new();

/// (key, 中文, English)
pub static TEXTS: &[(&str, &str, &str)] = &[
    ("app.name", "绒码", "rongma"),
    (
        "app.tagline",
        "羽绒服装质量分级与双码追溯平台",
        "Down garment quality grading and dual-code traceability",
    ),
    ("nav.home", "首页", "Home"),
    ("nav.enterprises", "企业", "Enterprises"),
    ("nav.brands", "品牌", "Brands"),
    ("nav.products", "产品款式", "Products"),
    ("nav.labs", "检测机构", "Labs"),
    ("nav.users", "账户", "Accounts"),
    ("nav.api_keys", "API 密钥", "API keys"),
    ("nav.api_docs", "API 文档", "API docs"),
    ("nav.login", "登录", "Log in"),
    ("nav.logout", "退出", "Log out"),
    ("nav.switch_lang", "English", "中文"),
    ("nav.menu", "菜单", "Menu"),
    ("login.title", "登录", "Log in"),
    ("login.username", "用户名", "Username"),
    ("login.password", "密码", "Password"),
    ("login.submit", "登录", "Log in"),
    (
        "login.failed",
        "用户名或密码不正确，或账户已停用。",
        "Wrong username or password, or the account is disabled.",
    ),
    (
        "login.throttled",
        "尝试次数过多，请稍后再试。",
        "Too many attempts; please try again later.",
    ),
    ("home.welcome", "欢迎", "Welcome"),
    ("home.signed_in_as", "当前用户", "Signed in as"),
    (
        "home.public",
        "消费者扫描吊牌二维码即可查验羽绒服的等级与真伪。",
        "Consumers scan the QR code on a hang tag to check a jacket's grade and authenticity.",
    ),
    ("common.search", "搜索", "Search"),
    ("common.new", "新建", "New"),
    ("common.edit", "编辑", "Edit"),
    ("common.save", "保存", "Save"),
    ("common.cancel", "取消", "Cancel"),
    ("common.archive", "归档", "Archive"),
    ("common.restore", "恢复", "Restore"),
    ("common.archived", "已归档", "Archived"),
    ("common.show_archived", "含已归档", "Include archived"),
    ("common.prev", "上一页", "Previous"),
    ("common.next", "下一页", "Next"),
    ("common.total", "共", "Total"),
    ("common.none", "暂无记录", "Nothing here yet"),
    ("common.history", "变更记录", "History"),
    ("common.details", "详情", "Details"),
    (
        "common.fix_errors",
        "请修改以下有误的字段：",
        "Please correct the fields below:",
    ),
    ("common.reason", "原因", "Reason"),
    ("common.yes", "是", "Yes"),
    ("common.no", "否", "No"),
    ("common.all", "全部", "All"),
    ("common.created", "创建", "Created"),
    ("common.updated", "更新", "Updated"),
    ("common.id", "编号", "ID"),
    ("common.status", "状态", "Status"),
    ("common.actions", "操作", "Actions"),
    (
        "common.confirm_archive",
        "确定归档？归档后记录保留但不再出现在列表中。",
        "Archive this record? It is kept but no longer listed.",
    ),
    ("enterprise.title", "企业", "Enterprises"),
    ("enterprise.new", "登记企业", "Register an enterprise"),
    ("enterprise.edit", "编辑企业", "Edit enterprise"),
    (
        "enterprise.credit_code",
        "统一社会信用代码",
        "Unified social credit code",
    ),
    ("enterprise.name", "企业名称", "Name"),
    ("enterprise.address", "地址", "Address"),
    (
        "enterprise.legal_representative",
        "法定代表人",
        "Legal representative",
    ),
    ("enterprise.contact_name", "联系人", "Contact"),
    ("enterprise.contact_phone", "联系电话", "Phone"),
    ("enterprise.pilot_status", "试点状态", "Pilot status"),
    ("pilot.applied", "已申请", "Applied"),
    ("pilot.member", "试点成员", "Member"),
    ("pilot.suspended", "已暂停", "Suspended"),
    ("brand.title", "品牌", "Brands"),
    ("brand.new", "登记品牌", "Register a brand"),
    ("brand.edit", "编辑品牌", "Edit brand"),
    ("brand.name", "品牌名称", "Brand"),
    (
        "brand.trademark_no",
        "商标注册号",
        "Trademark registration no.",
    ),
    ("brand.enterprise", "所属企业", "Enterprise"),
    ("product.title", "产品款式", "Products"),
    ("product.new", "登记款式", "Register a product"),
    ("product.edit", "编辑款式", "Edit product"),
    ("product.brand", "品牌", "Brand"),
    ("product.style_no", "款号", "Style no."),
    ("product.name", "款式名称", "Name"),
    ("product.species", "羽绒种类", "Down species"),
    ("product.colour", "羽绒颜色", "Down colour"),
    (
        "product.declared_down_cluster_pct",
        "标称绒子含量 (%)",
        "Declared down cluster (%)",
    ),
    (
        "product.sizes",
        "尺码与充绒量 (g)",
        "Sizes and fill weight (g)",
    ),
    (
        "product.sizes_hint",
        "每个尺码写作“尺码:克数”，用逗号或换行分隔，例如 S:160, M:180",
        "Write each size as size:grams, separated by commas or new lines, e.g. S:160, M:180",
    ),
    ("product.shell_fabric", "面料", "Shell fabric"),
    ("product.standard", "执行标准", "Executive standard"),
    ("product.gtin", "商品条码 (GTIN)", "GTIN"),
    ("species.duck", "鸭绒", "Duck down"),
    ("species.goose", "鹅绒", "Goose down"),
    ("colour.white", "白色", "White"),
    ("colour.grey", "灰色", "Grey"),
    ("lab.title", "检测机构", "Labs"),
    ("lab.new", "登记检测机构", "Register a lab"),
    ("lab.edit", "编辑检测机构", "Edit lab"),
    ("lab.name", "机构名称", "Name"),
    ("lab.address", "地址", "Address"),
    ("lab.cma_no", "CMA 证书编号", "CMA certificate no."),
    ("lab.cma_valid_from", "CMA 有效期起", "CMA valid from"),
    ("lab.cma_valid_until", "CMA 有效期至", "CMA valid until"),
    ("lab.cnas_no", "CNAS 认可编号", "CNAS accreditation no."),
    ("lab.cnas_valid_from", "CNAS 有效期起", "CNAS valid from"),
    ("lab.cnas_valid_until", "CNAS 有效期至", "CNAS valid until"),
    ("user.title", "账户", "Accounts"),
    ("user.new", "新建账户", "New account"),
    ("user.username", "用户名", "Username"),
    ("user.display_name", "姓名/单位", "Display name"),
    ("user.password", "初始密码", "Initial password"),
    ("user.role", "角色", "Role"),
    (
        "user.enterprise",
        "所属企业 (企业用户)",
        "Enterprise (enterprise users)",
    ),
    ("user.lab", "所属检测机构 (机构用户)", "Lab (lab users)"),
    ("user.active", "启用", "Active"),
    ("user.last_login", "最近登录", "Last login"),
    ("role.regulator", "监管人员", "Regulator"),
    ("role.reviewer", "评审人员", "Reviewer"),
    ("role.inspector", "检查员", "Inspector"),
    ("role.enterprise", "企业用户", "Enterprise user"),
    ("role.lab", "检测机构", "Lab"),
    ("role.platform", "电商平台", "Platform"),
    ("apikey.title", "API 密钥", "API keys"),
    ("apikey.new", "新建 API 密钥", "New API key"),
    ("apikey.name", "名称", "Name"),
    ("apikey.prefix", "前缀", "Prefix"),
    ("apikey.role", "类型", "Kind"),
    ("apikey.lab", "检测机构 (机构密钥)", "Lab (lab keys)"),
    ("apikey.revoke", "吊销", "Revoke"),
    ("apikey.revoked", "已吊销", "Revoked"),
    (
        "apikey.created",
        "密钥已生成。它只显示这一次，请立即妥善保存：",
        "The key was created. It is shown only this once; store it now:",
    ),
    ("event.created", "创建", "created"),
    ("event.updated", "修改", "updated"),
    ("event.archived", "归档", "archived"),
    ("event.restored", "恢复", "restored"),
    ("error.title", "出错了", "Something went wrong"),
    (
        "error.not_found",
        "页面或记录不存在。",
        "The page or record does not exist.",
    ),
    (
        "error.forbidden",
        "您无权进行此操作。",
        "You may not do this.",
    ),
    (
        "error.csrf",
        "表单已过期或来源不明，请返回刷新后重试。",
        "The form expired or did not come from this site; go back, reload and try again.",
    ),
    (
        "error.internal",
        "服务器内部错误，已记录。",
        "Internal error; it has been logged.",
    ),
    ("error.back_home", "返回首页", "Back to the home page"),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_unique_and_both_languages_filled() {
        let mut seen = std::collections::HashSet::new();
        for (k, zh, en) in TEXTS {
            assert!(seen.insert(k), "duplicate key {k}");
            assert!(!zh.is_empty() && !en.is_empty(), "{k}");
        }
    }

    #[test]
    fn lookup_by_language() {
        assert_eq!(Tr(Lang::Zh).t("nav.login"), "登录");
        assert_eq!(Tr(Lang::En).t("nav.login"), "Log in");
    }
}
