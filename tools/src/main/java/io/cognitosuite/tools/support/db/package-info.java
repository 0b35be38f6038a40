/** {@code cognito-suite db migrate | info}: the schema of the database in {@code DATABASE_URL}. */
package io.cognitosuite.tools.support.db;
