//! The user agent, reduced to a coarse family: enough to tell a WeChat scan from a bot, too
//! coarse to single out a device. The full header is never stored.

/// The families scan events record.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum UaFamily {
    Wechat,
    Alipay,
    Ios,
    Android,
    Desktop,
    Bot,
    Other,
}

impl UaFamily {
    pub const ALL: [UaFamily; 7] = [
        Self::Wechat,
        Self::Alipay,
        Self::Ios,
        Self::Android,
        Self::Desktop,
        Self::Bot,
        Self::Other,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Wechat => "wechat",
            Self::Alipay => "alipay",
            Self::Ios => "ios",
            Self::Android => "android",
            Self::Desktop => "desktop",
            Self::Bot => "bot",
            Self::Other => "other",
        }
    }

    /// Classifies a `User-Agent` header. In-app browsers come first (WeChat and Alipay on
    /// iOS also say "iPhone"), then bots and scripts, then the platform.
    pub fn classify(ua: &str) -> UaFamily {
        // Only the first 512 bytes are looked at: a hostile header costs nothing more.
        let end = ua.len().min(512);
        let head = ua.get(..end).unwrap_or("");
        let has = |needle: &str| head.contains(needle);
        if has("MicroMessenger") {
            UaFamily::Wechat
        } else if has("AlipayClient") || has("AliApp(AP") {
            UaFamily::Alipay
        } else if head.is_empty() || is_bot(head) {
            UaFamily::Bot
        } else if has("iPhone") || has("iPad") || has("iPod") {
            UaFamily::Ios
        } else if has("Android") {
            UaFamily::Android
        } else if has("Windows") || has("Macintosh") || has("X11") || has("CrOS") {
            UaFamily::Desktop
        } else {
            UaFamily::Other
        }
    }
}

fn is_bot(ua: &str) -> bool {
    let lower = ua.to_ascii_lowercase();
    [
        "bot",
        "spider",
        "crawl",
        "slurp",
        "curl/",
        "wget/",
        "python",
        "go-http",
        "java/",
        "okhttp",
        "headless",
        "wrk",
        "httpclient",
        "scrapy",
    ]
    .iter()
    .any(|n| lower.contains(n))
}

#[cfg(test)]
mod tests {
    use super::UaFamily::{self, *};

    #[test]
    fn families() {
        let cases = [
            ("Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 MicroMessenger/8.0.40(0x18002831) NetType/WIFI Language/zh_CN", Wechat),
            ("Mozilla/5.0 (Linux; U; Android 13; zh-CN; V2227A) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/69.0 Mobile Safari/537.36 AlipayClient/10.5.36.8000", Alipay),
            ("Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1", Ios),
            ("Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Mobile Safari/537.36", Android),
            ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36", Desktop),
            ("Mozilla/5.0 (compatible; Baiduspider/2.0; +http://www.baidu.com/search/spider.html)", Bot),
            ("curl/8.5.0", Bot),
            ("", Bot),
            ("SomethingElse/1.0", Other),
        ];
        for (ua, want) in cases {
            assert_eq!(UaFamily::classify(ua), want, "{ua}");
        }
        assert_eq!(UaFamily::classify(&"x".repeat(100_000)), Other);
    }
}
