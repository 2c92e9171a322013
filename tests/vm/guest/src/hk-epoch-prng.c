// SPDX-License-Identifier: GPL-2.0-or-later
/* The example generator of examples/ as a guest program (hk-epoch-prng),
 * for tests/vm/guest/30-reseedwatch.bats and the clone test. */
#include "../../../../examples/epoch-prng.c"
#include "../../../../examples/epoch-prng-demo.c"
