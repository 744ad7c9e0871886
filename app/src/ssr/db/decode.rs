//! Stored values into domain types, refusing the ones the code does not know.

/// Reads a state enum straight from its `text` column (a query names it with a type override,
/// `status as "status: DraftStatus"`): an unknown value is a decoding error naming the type
/// (the database and the code disagree), never a silent default.
macro_rules! text_column {
    ($($type:ty),+ $(,)?) => {$(
        impl sqlx::Type<sqlx::Postgres> for $type {
            fn type_info() -> sqlx::postgres::PgTypeInfo {
                <str as sqlx::Type<sqlx::Postgres>>::type_info()
            }

            fn compatible(ty: &sqlx::postgres::PgTypeInfo) -> bool {
                <str as sqlx::Type<sqlx::Postgres>>::compatible(ty)
            }
        }

        impl<'r> sqlx::Decode<'r, sqlx::Postgres> for $type {
            fn decode(
                value: sqlx::postgres::PgValueRef<'r>,
            ) -> Result<Self, sqlx::error::BoxDynError> {
                let text = <&str as sqlx::Decode<sqlx::Postgres>>::decode(value)?;
                text.parse().map_err(|_| {
                    format!("unknown {} {text:?}", stringify!($type)).into()
                })
            }
        }
    )+};
}

text_column!(
    crate::domain::ThemeStatus,
    crate::domain::Visibility,
    crate::domain::Role,
    crate::domain::access::ThemeRole,
    crate::domain::access::Standing,
    crate::domain::draft::DraftStatus,
    crate::domain::draft::RevisionKind,
    crate::domain::draft::PassageState,
    crate::domain::draft::SuggestionState,
);

impl sqlx::Type<sqlx::Postgres> for crate::domain::ThemeNumber {
    fn type_info() -> sqlx::postgres::PgTypeInfo {
        <i32 as sqlx::Type<sqlx::Postgres>>::type_info()
    }
}

/// A thème number read straight from its `integer` column; one out of range is a decoding error.
impl<'r> sqlx::Decode<'r, sqlx::Postgres> for crate::domain::ThemeNumber {
    fn decode(value: sqlx::postgres::PgValueRef<'r>) -> Result<Self, sqlx::error::BoxDynError> {
        let number = <i32 as sqlx::Decode<sqlx::Postgres>>::decode(value)?;
        Self::try_from(number).map_err(|_| format!("thème number {number} out of range").into())
    }
}
