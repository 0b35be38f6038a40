/**
 * A program run in a child JVM whose class path is a Lambda artifact (unpacked as Lambda unpacks it) plus
 * this package alone: it starts logging, constructs handlers or invokes one, and prints what it saw, so that
 * tests can check the artifact on its own, without this module's class path.
 */
package io.cognitosuite.deploy.probe;
