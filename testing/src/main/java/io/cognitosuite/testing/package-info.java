/** Fakes of the common ports for unit tests of other modules (shipped in the common test-jar). */
package io.cognitosuite.testing;
