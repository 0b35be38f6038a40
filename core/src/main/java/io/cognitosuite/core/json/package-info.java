/** The one JSON mapper of the suite, configured to read leniently and write compactly. */
package io.cognitosuite.core.json;
