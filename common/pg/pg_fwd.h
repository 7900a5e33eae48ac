#pragma once
// Forward declarations of the database types that headers name only by
// reference or pointer, so a header need not pull in libpqxx or the pool.

namespace pqxx {
class connection_base;
class transaction_base;
class row;
class field;
}  // namespace pqxx

namespace opmon::pg {
class Pool;
}  // namespace opmon::pg
