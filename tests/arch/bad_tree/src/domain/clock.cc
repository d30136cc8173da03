// The domain is the standard library and common only: this include is the one wrong arrow.
#include "certreg/domain/clock.h"

#include <rocksdb/db.h>
