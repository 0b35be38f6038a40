/**
 * Scenario 10, log hygiene: {@link io.cognitosuite.reliability.hygiene.LogHygiene} names every log line that carries
 * a whole email address, a phone number, a JWT, a password or a database row's values, and
 * {@link io.cognitosuite.reliability.hygiene.LogHygieneExtension} (registered for every test class of this module by
 * JUnit's extension autodetection) scans every line the suite logs while each class runs.
 */
package io.cognitosuite.reliability.hygiene;
