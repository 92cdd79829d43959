//! A [`Node`] from any `Serialize` value: the config document (`federation.yaml`, the page's
//! export and autosave, the credentials file) is written by the same emitter as the charts'
//! `values.yaml`, so the page carries one YAML writer, not serde_yaml's as well.
//!
//! Serialisation into a tree cannot meet an I/O error; what it refuses are values YAML text of
//! ours cannot hold: floats, bytes, integers beyond `i64`, and keys that are not strings or
//! whole numbers.

use serde::ser::{self, Impossible, Serialize};

use super::{Entry, Node};

/// A value the YAML writer does not write.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("cannot be written as YAML: {0}")]
pub struct SerializeError(String);

impl ser::Error for SerializeError {
    fn custom<T: std::fmt::Display>(message: T) -> Self {
        SerializeError(message.to_string())
    }
}

fn refuse<T>(what: &str) -> Result<T, SerializeError> {
    Err(SerializeError(what.to_owned()))
}

/// The YAML tree of `value`: structs and maps as mappings in field order, `None` and unit as
/// `null`, unit enum variants as their name, other variants as `{variant: value}`.
pub fn to_node<T: Serialize + ?Sized>(value: &T) -> Result<Node, SerializeError> {
    value.serialize(NodeSerializer)
}

struct NodeSerializer;

/// A collection being built: its items, or its entries with the key awaiting its value.
pub struct Collect {
    items: Vec<Node>,
    entries: Vec<Entry>,
    key: Option<String>,
    /// For `{variant: …}` forms: the variant the collection is wrapped in.
    variant: Option<&'static str>,
}

impl Collect {
    fn new(variant: Option<&'static str>) -> Collect {
        Collect {
            items: Vec::new(),
            entries: Vec::new(),
            key: None,
            variant,
        }
    }

    fn wrap(variant: Option<&'static str>, node: Node) -> Node {
        match variant {
            Some(name) => Node::Map(vec![Entry::new(name, node)]),
            None => node,
        }
    }

    fn push_item<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), SerializeError> {
        self.items.push(to_node(value)?);
        Ok(())
    }

    fn push_field<T: Serialize + ?Sized>(
        &mut self,
        key: &str,
        value: &T,
    ) -> Result<(), SerializeError> {
        self.entries.push(Entry::new(key, to_node(value)?));
        Ok(())
    }

    fn seq(self) -> Result<Node, SerializeError> {
        Ok(Collect::wrap(self.variant, Node::Seq(self.items)))
    }

    fn map(self) -> Result<Node, SerializeError> {
        Ok(Collect::wrap(self.variant, Node::Map(self.entries)))
    }
}

impl ser::Serializer for NodeSerializer {
    type Ok = Node;
    type Error = SerializeError;
    type SerializeSeq = Collect;
    type SerializeTuple = Collect;
    type SerializeTupleStruct = Collect;
    type SerializeTupleVariant = Collect;
    type SerializeMap = Collect;
    type SerializeStruct = Collect;
    type SerializeStructVariant = Collect;

    fn serialize_bool(self, v: bool) -> Result<Node, SerializeError> {
        Ok(Node::Bool(v))
    }
    fn serialize_i8(self, v: i8) -> Result<Node, SerializeError> {
        self.serialize_i64(v.into())
    }
    fn serialize_i16(self, v: i16) -> Result<Node, SerializeError> {
        self.serialize_i64(v.into())
    }
    fn serialize_i32(self, v: i32) -> Result<Node, SerializeError> {
        self.serialize_i64(v.into())
    }
    fn serialize_i64(self, v: i64) -> Result<Node, SerializeError> {
        Ok(Node::Int(v))
    }
    fn serialize_u8(self, v: u8) -> Result<Node, SerializeError> {
        self.serialize_i64(v.into())
    }
    fn serialize_u16(self, v: u16) -> Result<Node, SerializeError> {
        self.serialize_i64(v.into())
    }
    fn serialize_u32(self, v: u32) -> Result<Node, SerializeError> {
        self.serialize_i64(v.into())
    }
    fn serialize_u64(self, v: u64) -> Result<Node, SerializeError> {
        match i64::try_from(v) {
            Ok(v) => Ok(Node::Int(v)),
            Err(_) => refuse("a whole number above 9223372036854775807"),
        }
    }
    fn serialize_f32(self, _: f32) -> Result<Node, SerializeError> {
        refuse("a fractional number")
    }
    fn serialize_f64(self, _: f64) -> Result<Node, SerializeError> {
        refuse("a fractional number")
    }
    fn serialize_char(self, v: char) -> Result<Node, SerializeError> {
        Ok(Node::Str(v.to_string()))
    }
    fn serialize_str(self, v: &str) -> Result<Node, SerializeError> {
        Ok(Node::Str(v.to_owned()))
    }
    fn serialize_bytes(self, _: &[u8]) -> Result<Node, SerializeError> {
        refuse("bytes")
    }
    fn serialize_none(self) -> Result<Node, SerializeError> {
        Ok(Node::Null)
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<Node, SerializeError> {
        to_node(value)
    }
    fn serialize_unit(self) -> Result<Node, SerializeError> {
        Ok(Node::Null)
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result<Node, SerializeError> {
        Ok(Node::Null)
    }
    fn serialize_unit_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
    ) -> Result<Node, SerializeError> {
        Ok(Node::Str(variant.to_owned()))
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        value: &T,
    ) -> Result<Node, SerializeError> {
        to_node(value)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<Node, SerializeError> {
        Ok(Collect::wrap(Some(variant), to_node(value)?))
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Collect, SerializeError> {
        Ok(Collect::new(None))
    }
    fn serialize_tuple(self, _: usize) -> Result<Collect, SerializeError> {
        Ok(Collect::new(None))
    }
    fn serialize_tuple_struct(self, _: &'static str, _: usize) -> Result<Collect, SerializeError> {
        Ok(Collect::new(None))
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        _: usize,
    ) -> Result<Collect, SerializeError> {
        Ok(Collect::new(Some(variant)))
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Collect, SerializeError> {
        Ok(Collect::new(None))
    }
    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Collect, SerializeError> {
        Ok(Collect::new(None))
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        _: usize,
    ) -> Result<Collect, SerializeError> {
        Ok(Collect::new(Some(variant)))
    }
}

/// The four list-like forms serde has, each pushing an item; `$method` is the trait's name for it.
macro_rules! collect_items {
    ($($trait:ident :: $method:ident),*) => {$(
        impl ser::$trait for Collect {
            type Ok = Node;
            type Error = SerializeError;
            fn $method<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), SerializeError> {
                self.push_item(value)
            }
            fn end(self) -> Result<Node, SerializeError> {
                self.seq()
            }
        }
    )*};
}

collect_items!(
    SerializeSeq::serialize_element,
    SerializeTuple::serialize_element,
    SerializeTupleStruct::serialize_field,
    SerializeTupleVariant::serialize_field
);

impl ser::SerializeMap for Collect {
    type Ok = Node;
    type Error = SerializeError;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), SerializeError> {
        self.key = Some(key.serialize(KeySerializer)?);
        Ok(())
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), SerializeError> {
        let Some(key) = self.key.take() else {
            return refuse("a mapping value without its key");
        };
        self.push_field(&key, value)
    }
    fn end(self) -> Result<Node, SerializeError> {
        self.map()
    }
}

/// Structs and struct variants, each pushing a named field.
macro_rules! collect_fields {
    ($($trait:ident),*) => {$(
        impl ser::$trait for Collect {
            type Ok = Node;
            type Error = SerializeError;
            fn serialize_field<T: Serialize + ?Sized>(
                &mut self,
                key: &'static str,
                value: &T,
            ) -> Result<(), SerializeError> {
                self.push_field(key, value)
            }
            fn end(self) -> Result<Node, SerializeError> {
                self.map()
            }
        }
    )*};
}

collect_fields!(SerializeStruct, SerializeStructVariant);

/// Mapping keys: strings, and whole numbers written as their digits (YAML text keys).
struct KeySerializer;

impl ser::Serializer for KeySerializer {
    type Ok = String;
    type Error = SerializeError;
    type SerializeSeq = Impossible<String, SerializeError>;
    type SerializeTuple = Impossible<String, SerializeError>;
    type SerializeTupleStruct = Impossible<String, SerializeError>;
    type SerializeTupleVariant = Impossible<String, SerializeError>;
    type SerializeMap = Impossible<String, SerializeError>;
    type SerializeStruct = Impossible<String, SerializeError>;
    type SerializeStructVariant = Impossible<String, SerializeError>;

    fn serialize_str(self, v: &str) -> Result<String, SerializeError> {
        Ok(v.to_owned())
    }
    fn serialize_char(self, v: char) -> Result<String, SerializeError> {
        Ok(v.to_string())
    }
    fn serialize_i64(self, v: i64) -> Result<String, SerializeError> {
        Ok(v.to_string())
    }
    fn serialize_u64(self, v: u64) -> Result<String, SerializeError> {
        Ok(v.to_string())
    }
    fn serialize_i8(self, v: i8) -> Result<String, SerializeError> {
        self.serialize_i64(v.into())
    }
    fn serialize_i16(self, v: i16) -> Result<String, SerializeError> {
        self.serialize_i64(v.into())
    }
    fn serialize_i32(self, v: i32) -> Result<String, SerializeError> {
        self.serialize_i64(v.into())
    }
    fn serialize_u8(self, v: u8) -> Result<String, SerializeError> {
        self.serialize_u64(v.into())
    }
    fn serialize_u16(self, v: u16) -> Result<String, SerializeError> {
        self.serialize_u64(v.into())
    }
    fn serialize_u32(self, v: u32) -> Result<String, SerializeError> {
        self.serialize_u64(v.into())
    }
    fn serialize_unit_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
    ) -> Result<String, SerializeError> {
        Ok(variant.to_owned())
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        value: &T,
    ) -> Result<String, SerializeError> {
        value.serialize(self)
    }
    fn serialize_bool(self, _: bool) -> Result<String, SerializeError> {
        refuse("a key that is not text")
    }
    fn serialize_f32(self, _: f32) -> Result<String, SerializeError> {
        refuse("a key that is not text")
    }
    fn serialize_f64(self, _: f64) -> Result<String, SerializeError> {
        refuse("a key that is not text")
    }
    fn serialize_bytes(self, _: &[u8]) -> Result<String, SerializeError> {
        refuse("a key that is not text")
    }
    fn serialize_none(self) -> Result<String, SerializeError> {
        refuse("a key that is not text")
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<String, SerializeError> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<String, SerializeError> {
        refuse("a key that is not text")
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result<String, SerializeError> {
        refuse("a key that is not text")
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> Result<String, SerializeError> {
        refuse("a key that is not text")
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Self::SerializeSeq, SerializeError> {
        refuse("a key that is not text")
    }
    fn serialize_tuple(self, _: usize) -> Result<Self::SerializeTuple, SerializeError> {
        refuse("a key that is not text")
    }
    fn serialize_tuple_struct(
        self,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleStruct, SerializeError> {
        refuse("a key that is not text")
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleVariant, SerializeError> {
        refuse("a key that is not text")
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Self::SerializeMap, SerializeError> {
        refuse("a key that is not text")
    }
    fn serialize_struct(
        self,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStruct, SerializeError> {
        refuse("a key that is not text")
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStructVariant, SerializeError> {
        refuse("a key that is not text")
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;
    use crate::generator::config::Config;
    use crate::generator::yaml;

    /// Every config document of the test matrix, written by this writer, reads back (with
    /// serde_yaml, an independent reader) as the same `Config`.
    #[test]
    fn every_matrix_document_reads_back_as_written() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/matrix");
        let mut failures = Vec::new();
        let mut count = 0;
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().and_then(|e| e.to_str()) != Some("yaml") {
                continue;
            }
            let text = std::fs::read_to_string(&path).unwrap();
            let Ok(config) = serde_yaml::from_str::<Config>(&text) else {
                continue;
            };
            count += 1;
            let written = yaml::to_string(&config).unwrap();
            match serde_yaml::from_str::<Config>(&written) {
                Ok(back) if back == config => {}
                Ok(_) => failures.push(format!("{}: reads back different", path.display())),
                Err(e) => failures.push(format!("{}: {e}\n{written}", path.display())),
            }
        }
        assert!(count >= 10, "only {count} documents in {}", dir.display());
        assert!(failures.is_empty(), "{}", failures.join("\n"));
    }

    #[test]
    fn a_pem_text_is_a_literal_block_and_reads_back() {
        let pem = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n";
        let mut certificates = BTreeMap::new();
        certificates.insert("9999", BTreeMap::from([("cert", pem), ("key", "a\nb")]));
        let text = yaml::to_string(&certificates).unwrap();
        assert_eq!(
            text,
            "\"9999\":\n  cert: |\n    -----BEGIN CERTIFICATE-----\n    MIIB\n    -----END CERTIFICATE-----\n  key: |-\n    a\n    b\n"
        );
        let back: BTreeMap<String, BTreeMap<String, String>> = serde_yaml::from_str(&text).unwrap();
        assert_eq!(back["9999"]["cert"], pem);
        assert_eq!(back["9999"]["key"], "a\nb");
    }

    #[derive(serde::Serialize)]
    enum Shape {
        Unit,
        Newtype(u8),
        Tuple(u8, bool),
        Struct { a: Option<u8> },
    }

    #[test]
    fn enums_options_and_units_have_their_yaml_forms() {
        let node = to_node(&vec![
            Shape::Unit,
            Shape::Newtype(1),
            Shape::Tuple(2, true),
            Shape::Struct { a: None },
        ])
        .unwrap();
        assert_eq!(
            yaml::emit("", &node),
            "- Unit\n- Newtype: 1\n- Tuple:\n    - 2\n    - true\n- Struct:\n    a: null\n"
        );
    }

    #[test]
    fn what_the_writer_cannot_hold_is_refused_with_its_reason() {
        assert_eq!(
            to_node(&1.5_f64).unwrap_err().to_string(),
            "cannot be written as YAML: a fractional number"
        );
        assert!(to_node(&u64::MAX).is_err());
        let keyed_by_bool = BTreeMap::from([(true, 1)]);
        assert_eq!(
            to_node(&keyed_by_bool).unwrap_err().to_string(),
            "cannot be written as YAML: a key that is not text"
        );
        assert_eq!(
            to_node(&BTreeMap::from([(7_u16, "x")])).unwrap(),
            Node::Map(vec![Entry::new("7", Node::Str("x".into()))])
        );
    }
}
