//! Just enough HCL to write readable Terraform that `terraform fmt -check` accepts: blocks,
//! attributes with their `=` aligned as `fmt` aligns them, string-keyed maps, lists and
//! heredocs. Values are written from Rust values, quoted and escaped here.

use std::collections::BTreeMap;
use std::fmt::Write as _;

/// One item in a block body.
#[derive(Debug, Clone)]
pub enum Item {
    /// `key = value`, the value already HCL (`"text"`, `true`, `[...]`, a reference).
    Attr(String, String),
    /// `key = { "k" = "v" ... }` over several lines.
    Map(String, BTreeMap<String, String>),
    /// `key = <<-EOT ... EOT`.
    Heredoc(String, String),
    Block(Block),
    Blank,
}

#[derive(Debug, Clone)]
pub struct Block {
    /// `resource "aws_efs_file_system" "efsctl"`, `ingress`, ...
    pub header: String,
    pub items: Vec<Item>,
}

impl Block {
    pub fn new(header: impl Into<String>) -> Self {
        Block {
            header: header.into(),
            items: Vec::new(),
        }
    }
    pub fn attr(mut self, key: &str, value: impl Into<String>) -> Self {
        self.items.push(Item::Attr(key.to_string(), value.into()));
        self
    }
    pub fn attr_if(self, key: &str, value: Option<String>) -> Self {
        match value {
            Some(v) => self.attr(key, v),
            None => self,
        }
    }
    pub fn map(mut self, key: &str, entries: &BTreeMap<String, String>) -> Self {
        self.items.push(Item::Blank);
        self.items.push(Item::Map(
            key.to_string(),
            entries
                .iter()
                .map(|(k, v)| (k.clone(), string(v)))
                .collect(),
        ));
        self
    }
    pub fn heredoc(mut self, key: &str, text: &str) -> Self {
        self.items
            .push(Item::Heredoc(key.to_string(), text.to_string()));
        self
    }
    pub fn block(mut self, block: Block) -> Self {
        if !self.items.is_empty() {
            self.items.push(Item::Blank);
        }
        self.items.push(Item::Block(block));
        self
    }

    /// The block as `terraform fmt` lays it out, at `indent` levels.
    pub fn render(&self, indent: usize, out: &mut String) {
        let pad = "  ".repeat(indent);
        let _ = writeln!(out, "{pad}{} {{", self.header);
        let mut i = 0;
        while i < self.items.len() {
            match &self.items[i] {
                Item::Attr(..) | Item::Heredoc(..) => {
                    // A run of attributes, heredocs included: `=` aligned,
                    // as `terraform fmt` aligns them.
                    let run: Vec<&Item> = self.items[i..]
                        .iter()
                        .take_while(|item| matches!(item, Item::Attr(..) | Item::Heredoc(..)))
                        .collect();
                    let width = run
                        .iter()
                        .map(|item| match item {
                            Item::Attr(k, _) | Item::Heredoc(k, _) => key(k).len(),
                            _ => 0,
                        })
                        .max()
                        .unwrap_or(0);
                    for item in &run {
                        match item {
                            Item::Attr(k, v) => {
                                let k = key(k);
                                let _ = writeln!(out, "{pad}  {k:width$} = {v}");
                            }
                            Item::Heredoc(k, text) => {
                                let k = key(k);
                                let _ = writeln!(out, "{pad}  {k:width$} = <<-EOT");
                                for line in text.lines() {
                                    let _ = writeln!(out, "{pad}    {line}");
                                }
                                let _ = writeln!(out, "{pad}  EOT");
                            }
                            _ => {}
                        }
                    }
                    i += run.len();
                    continue;
                }
                Item::Map(k, entries) => {
                    let _ = writeln!(out, "{pad}  {} = {{", key(k));
                    let width = entries.keys().map(|k| key(k).len()).max().unwrap_or(0);
                    for (k, v) in entries {
                        let k = key(k);
                        let _ = writeln!(out, "{pad}    {k:width$} = {v}");
                    }
                    let _ = writeln!(out, "{pad}  }}");
                }
                Item::Block(b) => b.render(indent + 1, out),
                Item::Blank => {
                    // Never two blank lines, nor one right after the opening brace.
                    if !out.ends_with("{\n") && !out.ends_with("\n\n") {
                        out.push('\n');
                    }
                }
            }
            i += 1;
        }
        let _ = writeln!(out, "{pad}}}");
    }
}

/// A key as HCL writes it: bare when it is an identifier, quoted otherwise
/// (`"efsctl:deployment"`).
fn key(k: &str) -> String {
    let bare = k
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && k.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    if bare {
        k.to_string()
    } else {
        string(k)
    }
}

/// A quoted HCL string (JSON's escaping is HCL's, but `${` and `%{` must be doubled).
pub fn string(s: &str) -> String {
    serde_json::to_string(s)
        .expect("a string serializes")
        .replace("${", "$${")
        .replace("%{", "%%{")
}

/// `["a", "b"]`.
pub fn list<'a>(items: impl IntoIterator<Item = &'a str>) -> String {
    let items: Vec<String> = items.into_iter().map(string).collect();
    format!("[{}]", items.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attributes_are_aligned_and_maps_quoted() {
        let tags = BTreeMap::from([
            ("Name".to_string(), "ray".to_string()),
            ("efsctl:deployment".to_string(), "ray".to_string()),
        ]);
        let b = Block::new("resource \"x\" \"y\"")
            .attr("name", string("n"))
            .attr("description", string("d ${x}"))
            .map("tags", &tags)
            .block(Block::new("ingress").attr("from_port", "2049"));
        let mut out = String::new();
        b.render(0, &mut out);
        assert_eq!(
            out,
            "resource \"x\" \"y\" {\n  name        = \"n\"\n  description = \"d $${x}\"\n\n  \
             tags = {\n    Name                = \"ray\"\n    \"efsctl:deployment\" = \"ray\"\n  \
             }\n\n  ingress {\n    from_port = 2049\n  }\n}\n"
        );
    }
}
