//! A small read-only view of tree-sitter-yaml trees: the documents of a stream, the pairs of a
//! mapping, the items of a sequence, a scalar's text. Block and flow styles read the same;
//! anchors and tags are stepped over; aliases are not followed.

use tree_sitter::Node;

use crate::text::Text;

/// The top-level value of each document of a stream.
pub fn documents<'t>(stream: Node<'t>) -> Vec<Node<'t>> {
    let mut c = stream.walk();
    stream.named_children(&mut c).filter(|d| d.kind() == "document").filter_map(value).collect()
}

/// What a node holds: through `block_node`/`flow_node` wrappers, past anchors and tags.
pub fn value(node: Node<'_>) -> Option<Node<'_>> {
    let mut node = node;
    loop {
        match node.kind() {
            "document" | "block_node" | "flow_node" => {
                let mut c = node.walk();
                let inner = node
                    .named_children(&mut c)
                    .find(|n| !matches!(n.kind(), "anchor" | "tag" | "comment" | "yaml_directive" | "tag_directive"));
                node = inner?;
            }
            _ => return Some(node),
        }
    }
}

/// One `key: value` pair of a mapping.
#[derive(Clone, Copy)]
pub struct Pair<'t> {
    pub key: Node<'t>,
    /// `None` for `key:` with nothing after it.
    pub value: Option<Node<'t>>,
}

/// The pairs of a mapping (block or flow); none for anything else.
pub fn pairs(node: Node<'_>) -> Vec<Pair<'_>> {
    let Some(node) = value(node) else { return Vec::new() };
    if !matches!(node.kind(), "block_mapping" | "flow_mapping") {
        return Vec::new();
    }
    let mut c = node.walk();
    node.named_children(&mut c)
        .filter(|p| matches!(p.kind(), "block_mapping_pair" | "flow_pair"))
        .filter_map(|p| {
            let key = p.child_by_field_name("key").and_then(value)?;
            Some(Pair { key, value: p.child_by_field_name("value").and_then(value) })
        })
        .collect()
}

/// The value under `key` in a mapping.
pub fn get<'t>(node: Node<'t>, key: &str, text: Text<'_>) -> Option<Pair<'t>> {
    pairs(node).into_iter().find(|p| scalar(p.key, text).as_deref() == Some(key))
}

/// The items of a sequence (block or flow); none for anything else.
pub fn items(node: Node<'_>) -> Vec<Node<'_>> {
    let Some(node) = value(node) else { return Vec::new() };
    let mut c = node.walk();
    match node.kind() {
        "block_sequence" => node
            .named_children(&mut c)
            .filter(|i| i.kind() == "block_sequence_item")
            .filter_map(|i| {
                let mut c = i.walk();
                let inner = i.named_children(&mut c).find(|n| n.kind() != "comment");
                inner.and_then(value)
            })
            .collect(),
        "flow_sequence" => node.named_children(&mut c).filter(|n| n.kind() != "comment").filter_map(value).collect(),
        _ => Vec::new(),
    }
}

/// A scalar's text without its quotes (escapes are left as written); `None` for mappings and
/// sequences.
pub fn scalar(node: Node<'_>, text: Text<'_>) -> Option<String> {
    let node = value(node)?;
    let raw = text.slice(node.byte_range());
    match node.kind() {
        "plain_scalar" => Some(raw.trim().to_string()),
        "double_quote_scalar" | "single_quote_scalar" => Some(raw[1..raw.len().saturating_sub(1).max(1)].to_string()),
        "block_scalar" => Some(raw.to_string()),
        _ => None,
    }
}

/// The byte range of a scalar's text inside its quotes.
pub fn inner_range(node: Node<'_>) -> std::ops::Range<usize> {
    let r = node.byte_range();
    match node.kind() {
        "double_quote_scalar" | "single_quote_scalar" if r.len() >= 2 => r.start + 1..r.end - 1,
        _ => r,
    }
}
