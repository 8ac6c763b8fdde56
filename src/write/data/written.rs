//! Records that several data documents of a language hold, written as JSON once: a
//! jurisdiction's `index.json` lists every target and task of its plans, and each plan's
//! `index.json` lists its own again.
//!
//! Compact JSON writes a value with the same bytes inside any document, so a record's
//! JSON is included as it is wherever the record recurs.

use std::borrow::Cow;
use std::cell::RefCell;
use std::fmt;
use std::marker::PhantomData;
use std::rc::Rc;

use foldhash::HashMap;
use schemars::{JsonSchema, Schema, SchemaGenerator};
use serde::{Serialize, Serializer};
use serde_json::value::RawValue;

/// Records by the report's item they show (at the same address for the whole build),
/// each written the first time it is asked for.
pub struct Memo<K, T>(RefCell<HashMap<*const K, Written<T>>>);

impl<K, T> Default for Memo<K, T> {
    fn default() -> Self {
        Memo(RefCell::new(HashMap::default()))
    }
}

impl<K, T: Serialize> Memo<K, T> {
    pub fn get_or_write(&self, key: &K, record: impl FnOnce() -> T) -> Written<T> {
        let key: *const K = key;
        if let Some(written) = self.0.borrow().get(&key) {
            return written.clone();
        }
        let written = Written::new(&record());
        self.0.borrow_mut().insert(key, written.clone());
        written
    }
}

/// A record as JSON, written once. It serializes as the record would, and its schema is
/// the record's.
pub struct Written<T> {
    /// Or why the record could not be written, said where the document is written.
    json: Result<Rc<RawValue>, Rc<str>>,
    record: PhantomData<T>,
}

impl<T: Serialize> Written<T> {
    fn new(record: &T) -> Written<T> {
        Written {
            json: serde_json::value::to_raw_value(record)
                .map(Rc::from)
                .map_err(|e| Rc::from(e.to_string())),
            record: PhantomData,
        }
    }
}

impl<T> Clone for Written<T> {
    fn clone(&self) -> Self {
        Written {
            json: self.json.clone(),
            record: PhantomData,
        }
    }
}

impl<T> fmt::Debug for Written<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.json {
            Ok(json) => f.write_str(json.get()),
            Err(error) => write!(f, "<not written: {error}>"),
        }
    }
}

impl<T> Serialize for Written<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match &self.json {
            Ok(json) => json.serialize(serializer),
            Err(error) => Err(serde::ser::Error::custom(error)),
        }
    }
}

impl<T: JsonSchema> JsonSchema for Written<T> {
    fn inline_schema() -> bool {
        T::inline_schema()
    }

    fn schema_name() -> Cow<'static, str> {
        T::schema_name()
    }

    fn schema_id() -> Cow<'static, str> {
        T::schema_id()
    }

    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        T::json_schema(generator)
    }
}

#[cfg(test)]
mod tests {
    use serde::Serialize;

    use super::*;

    #[derive(Serialize)]
    struct Record {
        id: &'static str,
        value: f64,
        note: Option<&'static str>,
    }

    #[test]
    fn a_written_record_is_the_json_the_record_writes_anywhere_in_a_document() {
        #[derive(Serialize)]
        struct Document<T> {
            kind: &'static str,
            items: Vec<T>,
        }
        let record = || Record {
            id: "t<1>",
            value: 0.1 + 0.2,
            note: None,
        };
        let written = Written::new(&record());
        let document = |items| {
            serde_json::to_string(&Document {
                kind: "plan",
                items,
            })
            .unwrap()
        };
        assert_eq!(
            document(vec![written.clone(), written]),
            serde_json::to_string(&Document {
                kind: "plan",
                items: vec![record(), record()]
            })
            .unwrap()
        );
    }

    #[test]
    fn a_record_is_written_once_for_one_item() {
        let memo: Memo<u8, Record> = Memo::default();
        let item = 7u8;
        let mut made = 0;
        for _ in 0..3 {
            memo.get_or_write(&item, || {
                made += 1;
                Record {
                    id: "a",
                    value: 1.0,
                    note: Some("n"),
                }
            });
        }
        assert_eq!(made, 1);
    }
}
