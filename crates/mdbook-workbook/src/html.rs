//! Escaping text into the raw-HTML blocks the widgets are made of.

/// Escapes text for element content or a quoted attribute value.
///
/// Line breaks become character references: a raw-HTML block ends at the
/// first blank line, so a blank line in a snippet would hand the rest of
/// the code to the markdown parser. CR counts as a line break to CommonMark
/// too, hence `&#13;`.
pub(crate) fn text(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len() + raw.len() / 8);
    for c in raw.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            _ => out.push(c),
        }
    }
    out
}

/// Escapes the whole content of a `pre` that holds text directly.
///
/// HTML parsers drop one newline right after `<pre>`, so an output that
/// starts with an empty line gets an extra one to lose.
pub(crate) fn pre_text(raw: &str) -> String {
    let mut out = String::new();
    if raw.starts_with('\n') || raw.starts_with("\r\n") {
        out.push_str("&#10;");
    }
    out.push_str(&text(raw));
    out
}

/// Writes text as a JSON string literal safe inside a `<script>` element.
///
/// Script content is not entity-decoded, so HTML escaping would reach the
/// front-end verbatim; a JSON string decodes exactly, and with no `<` left
/// in it nothing can end the element (`</script>`) or switch the parser
/// into its comment-like states (`<!--`). It also holds no line break, so
/// the raw-HTML block stays unbroken.
pub(crate) fn script_json(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len() + 2);
    out.push('"');
    for c in raw.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '<' | '>' | '&' | '\u{2028}' | '\u{2029}' => push_unicode_escape(&mut out, c),
            c if u32::from(c) < 0x20 => push_unicode_escape(&mut out, c),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn push_unicode_escape(out: &mut String, c: char) {
    out.push_str(&format!("\\u{:04x}", u32::from(c)));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_escapes_markup_quotes_and_line_breaks() {
        assert_eq!(
            text("a<b>&\"c'\n\r\nd"),
            "a&lt;b&gt;&amp;&quot;c&#39;&#10;&#13;&#10;d"
        );
    }

    #[test]
    fn pre_text_protects_a_leading_newline() {
        assert_eq!(pre_text("\nx"), "&#10;&#10;x");
        assert_eq!(pre_text("x\n"), "x&#10;");
    }

    #[test]
    fn script_json_is_valid_json_without_angle_brackets() {
        let raw = "if a < b:\n\tprint(\"</script><!--\", '\\\\', '&', '\u{1}')\u{2028}";
        let encoded = script_json(raw);
        assert!(!encoded.contains(['<', '>', '&', '\n', '\r']));
        let decoded: String = serde_json::from_str(&encoded).expect("valid JSON string");
        assert_eq!(decoded, raw);
    }
}
