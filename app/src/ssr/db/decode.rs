//! Stored values into domain types, refusing the ones the code does not know.

/// A stored value parsed into its domain type; a value the code does not know is a decoding
/// error naming the column (the database and the code disagree), never a silent default.
pub(crate) fn parse<T: std::str::FromStr>(
    column: &'static str,
    value: &str,
) -> Result<T, sqlx::Error> {
    value.parse().map_err(|_| sqlx::Error::ColumnDecode {
        index: column.to_owned(),
        source: format!("unknown value {value:?}").into(),
    })
}

/// A stored thème number as the domain's [`ThemeNumber`](crate::domain::ThemeNumber).
pub(crate) fn theme_number(number: i32) -> Result<crate::domain::ThemeNumber, sqlx::Error> {
    crate::domain::ThemeNumber::try_from(number).map_err(|_| sqlx::Error::ColumnDecode {
        index: "number".to_owned(),
        source: format!("thème number {number} out of range").into(),
    })
}
