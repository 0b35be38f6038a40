/** Domain records in the suite's own terms; no AWS or JDBC type appears here. */
package io.cognitosuite.core.domain;
