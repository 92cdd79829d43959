//! The serde glue over a parsed tree. Scalars resolve as serde_yaml 0.9 resolves them (the YAML
//! 1.2 core schema; quoted and block scalars are always text), and each `deserialize_*` keeps
//! serde_yaml's leniencies (`1` read as the text "1", an empty value as an empty list or
//! mapping), so documents read the same. What is generic is only the call of the visitor; the
//! decisions are made by non-generic functions.

use serde::de::{self, DeserializeSeed, Expected, IntoDeserializer, Unexpected, Visitor};

use super::tree::{Entry, Node, Value};
use super::Error;

/// A plain scalar's meaning (or a quoted one's text, or a collection's kind).
enum Resolved<'a> {
    Unit,
    Bool(bool),
    U64(u64),
    I64(i64),
    U128(u128),
    I128(i128),
    F64(f64),
    Str(&'a str),
    Seq,
    Map,
}

fn resolve(node: &Node) -> Resolved<'_> {
    match &node.value {
        Value::Plain(text) => resolve_plain(text),
        Value::Text(text) => Resolved::Str(text),
        Value::Seq(_) => Resolved::Seq,
        Value::Map(_) => Resolved::Map,
    }
}

fn resolve_plain(text: &str) -> Resolved<'_> {
    if text.is_empty() || is_null(text) {
        return Resolved::Unit;
    }
    if let Some(value) = parse_bool(text) {
        return Resolved::Bool(value);
    }
    if let Some(int) = parse_unsigned(text, u64::from_str_radix) {
        return Resolved::U64(int);
    }
    if let Some(int) = parse_negative(text, i64::from_str_radix) {
        return Resolved::I64(int);
    }
    if let Some(int) = parse_unsigned(text, u128::from_str_radix) {
        return Resolved::U128(int);
    }
    if let Some(int) = parse_negative(text, i128::from_str_radix) {
        return Resolved::I128(int);
    }
    if !digits_but_not_number(text) {
        if let Some(float) = parse_f64(text) {
            return Resolved::F64(float);
        }
    }
    Resolved::Str(text)
}

fn is_null(text: &str) -> bool {
    matches!(text, "~" | "null" | "Null" | "NULL")
}

fn parse_bool(text: &str) -> Option<bool> {
    match text {
        "true" | "True" | "TRUE" => Some(true),
        "false" | "False" | "FALSE" => Some(false),
        _ => None,
    }
}

type Radix<T> = fn(&str, u32) -> Result<T, std::num::ParseIntError>;

/// `0x`, `0o`, `0b` or decimal, an optional `+`; never a leading zero (`010` is text).
fn parse_unsigned<T>(text: &str, from_radix: Radix<T>) -> Option<T> {
    let unsigned = text.strip_prefix('+').unwrap_or(text);
    for (prefix, radix) in [("0x", 16), ("0o", 8), ("0b", 2)] {
        if let Some(rest) = unsigned.strip_prefix(prefix) {
            if rest.starts_with(['+', '-']) {
                return None;
            }
            if let Ok(int) = from_radix(rest, radix) {
                return Some(int);
            }
        }
    }
    if unsigned.starts_with(['+', '-']) || digits_but_not_number(text) {
        return None;
    }
    from_radix(unsigned, 10).ok()
}

fn parse_negative<T>(text: &str, from_radix: Radix<T>) -> Option<T> {
    for (prefix, radix) in [("-0x", 16), ("-0o", 8), ("-0b", 2)] {
        if let Some(rest) = text.strip_prefix(prefix) {
            if let Ok(int) = from_radix(&format!("-{rest}"), radix) {
                return Some(int);
            }
        }
    }
    if digits_but_not_number(text) {
        return None;
    }
    from_radix(text, 10).ok()
}

/// `-5`, `0x1F` (or `+5` for signed targets), as serde_yaml reads an `i64`.
fn parse_signed(text: &str) -> Option<i64> {
    let unsigned = match text.strip_prefix('+') {
        Some(rest) if rest.starts_with(['+', '-']) => return None,
        Some(rest) => rest,
        None => text,
    };
    if let Some(int) = parse_unsigned(unsigned, i64::from_str_radix) {
        return Some(int);
    }
    parse_negative(text, i64::from_str_radix)
}

fn parse_f64(text: &str) -> Option<f64> {
    let unsigned = match text.strip_prefix('+') {
        Some(rest) if rest.starts_with(['+', '-']) => return None,
        Some(rest) => rest,
        None => text,
    };
    match unsigned {
        ".inf" | ".Inf" | ".INF" => return Some(f64::INFINITY),
        _ => {}
    }
    match text {
        "-.inf" | "-.Inf" | "-.INF" => return Some(f64::NEG_INFINITY),
        ".nan" | ".NaN" | ".NAN" => return Some(f64::NAN),
        _ => {}
    }
    unsigned
        .parse::<f64>()
        .ok()
        .filter(|float| float.is_finite())
}

/// Leading zeros followed by digits: text in YAML 1.2.
fn digits_but_not_number(text: &str) -> bool {
    let digits = text.strip_prefix(['-', '+']).unwrap_or(text);
    digits.len() > 1 && digits.starts_with('0') && digits[1..].bytes().all(|b| b.is_ascii_digit())
}

/// serde's `invalid type` error for `node` as found, against what was expected.
fn invalid_type(node: &Node, expected: &dyn Expected) -> Error {
    let big;
    let unexpected = match resolve(node) {
        Resolved::Unit => Unexpected::Unit,
        Resolved::Bool(value) => Unexpected::Bool(value),
        Resolved::U64(value) => Unexpected::Unsigned(value),
        Resolved::I64(value) => Unexpected::Signed(value),
        Resolved::U128(value) => {
            big = format!("integer `{value}` as u128");
            Unexpected::Other(&big)
        }
        Resolved::I128(value) => {
            big = format!("integer `{value}` as i128");
            Unexpected::Other(&big)
        }
        Resolved::F64(value) => Unexpected::Float(value),
        Resolved::Str(text) => Unexpected::Str(text),
        Resolved::Seq => Unexpected::Seq,
        Resolved::Map => Unexpected::Map,
    };
    de::Error::invalid_type(unexpected, expected)
}

/// A plain scalar that reads as nothing: empty, `~`, `null`.
fn is_plain_null(node: &Node) -> bool {
    matches!(&node.value, Value::Plain(text) if text.is_empty() || is_null(text))
}

/// A plain empty value, which serde_yaml reads as an empty list or mapping too.
fn is_plain_empty(node: &Node) -> bool {
    matches!(&node.value, Value::Plain(text) if text.is_empty())
}

fn plain_text(node: &Node) -> Option<&str> {
    match &node.value {
        Value::Plain(text) => Some(text),
        _ => None,
    }
}

/// Reads one node.
pub(crate) struct NodeDeserializer<'a>(pub(crate) &'a Node);

impl<'a> NodeDeserializer<'a> {
    fn mark(&self, error: Error) -> Error {
        error.at_offset(self.0.at)
    }
}

/// Forwards the listed methods to `deserialize_any`.
macro_rules! to_any {
    ($($method:ident)*) => {
        $(fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
            self.deserialize_any(visitor)
        })*
    };
}

impl<'de, 'a> de::Deserializer<'de> for NodeDeserializer<'a> {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        let node = self.0;
        match resolve(node) {
            Resolved::Unit => visitor.visit_unit(),
            Resolved::Bool(value) => visitor.visit_bool(value),
            Resolved::U64(value) => visitor.visit_u64(value),
            Resolved::I64(value) => visitor.visit_i64(value),
            Resolved::U128(value) => visitor.visit_u128(value),
            Resolved::I128(value) => visitor.visit_i128(value),
            Resolved::F64(value) => visitor.visit_f64(value),
            Resolved::Str(text) => visitor.visit_str(text),
            Resolved::Seq => return self.deserialize_seq(visitor),
            Resolved::Map => return self.deserialize_map(visitor),
        }
        .map_err(|error| self.mark(error))
    }

    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match plain_text(self.0).and_then(parse_bool) {
            Some(value) => visitor.visit_bool(value),
            None => Err(invalid_type(self.0, &visitor)),
        }
        .map_err(|error| self.mark(error))
    }

    fn deserialize_i64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match plain_text(self.0).and_then(parse_signed) {
            Some(value) => visitor.visit_i64(value),
            None => Err(invalid_type(self.0, &visitor)),
        }
        .map_err(|error| self.mark(error))
    }

    fn deserialize_u64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match plain_text(self.0).and_then(|text| parse_unsigned(text, u64::from_str_radix)) {
            Some(value) => visitor.visit_u64(value),
            None => Err(invalid_type(self.0, &visitor)),
        }
        .map_err(|error| self.mark(error))
    }

    fn deserialize_f64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match plain_text(self.0).and_then(parse_f64) {
            Some(value) => visitor.visit_f64(value),
            None => Err(invalid_type(self.0, &visitor)),
        }
        .map_err(|error| self.mark(error))
    }

    fn deserialize_i8<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_i64(visitor)
    }
    fn deserialize_i16<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_i64(visitor)
    }
    fn deserialize_i32<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_i64(visitor)
    }
    fn deserialize_u8<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_u64(visitor)
    }
    fn deserialize_u16<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_u64(visitor)
    }
    fn deserialize_u32<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_u64(visitor)
    }
    fn deserialize_f32<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_f64(visitor)
    }

    to_any!(deserialize_i128 deserialize_u128 deserialize_bytes deserialize_byte_buf);

    /// Any scalar as its text (`1`, `true` and `~` too), as serde_yaml does.
    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.0.text() {
            Some(text) => visitor.visit_str(text),
            None => Err(invalid_type(self.0, &visitor)),
        }
        .map_err(|error| self.mark(error))
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_str(visitor)
    }

    fn deserialize_char<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_str(visitor)
    }

    fn deserialize_identifier<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_str(visitor)
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        if is_plain_null(self.0) {
            visitor.visit_none()
        } else {
            visitor.visit_some(self)
        }
    }

    fn deserialize_unit<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        let result = match &self.0.value {
            _ if is_plain_null(self.0) => visitor.visit_unit(),
            Value::Plain(text) | Value::Text(text) => {
                Err(de::Error::invalid_value(Unexpected::Str(text), &"null"))
            }
            Value::Seq(_) | Value::Map(_) => Err(invalid_type(self.0, &visitor)),
        };
        result.map_err(|error| self.mark(error))
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Error> {
        self.deserialize_unit(visitor)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Error> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        let items: &[Node] = match &self.0.value {
            Value::Seq(items) => items,
            _ if is_plain_empty(self.0) => &[],
            _ => return Err(self.mark(invalid_type(self.0, &visitor))),
        };
        let mut access = SeqAccess { items, index: 0 };
        visitor
            .visit_seq(&mut access)
            .map_err(|error| self.mark(error))
    }

    fn deserialize_tuple<V: Visitor<'de>>(
        self,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value, Error> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value, Error> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        let entries: &[Entry] = match &self.0.value {
            Value::Map(entries) => entries,
            _ if is_plain_empty(self.0) => &[],
            _ => return Err(self.mark(invalid_type(self.0, &visitor))),
        };
        let mut access = MapAccess { entries, index: 0 };
        visitor
            .visit_map(&mut access)
            .map_err(|error| access.mark(error, self.0))
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        self.deserialize_map(visitor)
    }

    /// A choice written as text (`helm3`); enums with data are not read from YAML here.
    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        let node = self.0;
        match node.text() {
            Some(_) => visitor.visit_enum(self),
            None => Err(invalid_type(node, &"a choice written as text")),
        }
        .map_err(|error| error.at_offset(node.at))
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_unit()
    }
}

impl<'de, 'a> de::EnumAccess<'de> for NodeDeserializer<'a> {
    type Error = Error;
    type Variant = Self;

    fn variant_seed<S: DeserializeSeed<'de>>(self, seed: S) -> Result<(S::Value, Self), Error> {
        let text = self.0.text().unwrap_or("");
        let variant = seed.deserialize(text.into_deserializer())?;
        Ok((variant, self))
    }
}

impl<'de, 'a> de::VariantAccess<'de> for NodeDeserializer<'a> {
    type Error = Error;

    fn unit_variant(self) -> Result<(), Error> {
        Ok(())
    }

    fn newtype_variant_seed<S: DeserializeSeed<'de>>(self, _seed: S) -> Result<S::Value, Error> {
        Err(de::Error::invalid_type(
            Unexpected::UnitVariant,
            &"newtype variant",
        ))
    }

    fn tuple_variant<V: Visitor<'de>>(self, _len: usize, _visitor: V) -> Result<V::Value, Error> {
        Err(de::Error::invalid_type(
            Unexpected::UnitVariant,
            &"tuple variant",
        ))
    }

    fn struct_variant<V: Visitor<'de>>(
        self,
        _fields: &'static [&'static str],
        _visitor: V,
    ) -> Result<V::Value, Error> {
        Err(de::Error::invalid_type(
            Unexpected::UnitVariant,
            &"struct variant",
        ))
    }
}

struct SeqAccess<'a> {
    items: &'a [Node],
    index: usize,
}

impl<'de, 'a> de::SeqAccess<'de> for SeqAccess<'a> {
    type Error = Error;

    fn next_element_seed<S: DeserializeSeed<'de>>(
        &mut self,
        seed: S,
    ) -> Result<Option<S::Value>, Error> {
        let Some(item) = self.items.get(self.index) else {
            return Ok(None);
        };
        let index = self.index;
        self.index += 1;
        seed.deserialize(NodeDeserializer(item))
            .map(Some)
            .map_err(|error| error.within_index(index, item))
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.items.len() - self.index)
    }
}

struct MapAccess<'a> {
    entries: &'a [Entry],
    /// How many keys were handed out.
    index: usize,
}

impl MapAccess<'_> {
    /// An error of the mapping's visitor: a repeated key at that key (the last one read),
    /// anything else at the mapping.
    fn mark(&self, error: Error, map: &Node) -> Error {
        match self
            .index
            .checked_sub(1)
            .and_then(|last| self.entries.get(last))
        {
            Some(entry) if error.message().starts_with("duplicate field") => {
                error.at_offset(entry.key.at)
            }
            _ => error.at_offset(map.at),
        }
    }
}

impl<'de, 'a> de::MapAccess<'de> for MapAccess<'a> {
    type Error = Error;

    fn next_key_seed<S: DeserializeSeed<'de>>(
        &mut self,
        seed: S,
    ) -> Result<Option<S::Value>, Error> {
        let Some(entry) = self.entries.get(self.index) else {
            return Ok(None);
        };
        self.index += 1;
        seed.deserialize(NodeDeserializer(&entry.key)).map(Some)
    }

    fn next_value_seed<S: DeserializeSeed<'de>>(&mut self, seed: S) -> Result<S::Value, Error> {
        let Some(entry) = self.index.checked_sub(1).and_then(|i| self.entries.get(i)) else {
            return Err(de::Error::custom("a value was read before its key"));
        };
        if entry.repeated {
            return Err(Error::repeated_key(entry));
        }
        seed.deserialize(NodeDeserializer(&entry.value))
            .map_err(|error| error.within_key(entry))
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.entries.len() - self.index)
    }
}
