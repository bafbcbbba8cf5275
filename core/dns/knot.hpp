#pragma once
// libknot and libzscanner (3.2) ship C headers without extern "C": include them only
// through this file. Only core/dns sees them; their error codes never leave it.

extern "C" {
#include <libknot/libknot.h>
#include <libzscanner/scanner.h>
}
