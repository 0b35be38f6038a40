package io.cognitosuite.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import io.cognitosuite.benchmarks.PipelineBenchmark.Row;
import io.cognitosuite.benchmarks.PipelineBenchmark.Shape;
import io.cognitosuite.postgres.testing.MigratedDatabase;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code --pipeline} on a few sign-ups: both sides deliver every message in both shapes, and the pipeline's rounds
 * (one warm-up and one counted per shape) leave one user, one personal workspace and one relayed
 * {@code app_user.created} event per sign-up, so that the table's figures count real work.
 */
class PipelineBenchmarkIT {
    private static final int SIGN_UPS = 20;

    @Test
    void fewSignUps_bothShapes_everySideDeliversAndThePipelineProvisionsEachUserOnce() throws Exception {
        try (MigratedDatabase db = MigratedDatabase.create("pipeline_bench")) {
            List<Row> rows = PipelineBenchmark.run(db.coordinates(), db.database(), SIGN_UPS, 1, new int[] {1});

            assertThat(rows).extracting(Row::shape).containsExactly(Shape.STREAMING, Shape.BACKLOG);
            assertThat(rows).allSatisfy(row -> {
                assertThat(row.consumers()).isEqualTo(1);
                assertThat(row.pipeline().median()).isPositive();
                assertThat(row.raw().median()).isPositive();
                // one counted round: the row's ratio is that round's
                assertThat(row.ratio().median()).isEqualTo(row.pipeline().median() / row.raw().median());
            });
            int signUps = 2 * 2 * SIGN_UPS; // two shapes, a warm-up and a counted round each
            assertThat(db.count("SELECT count(*) FROM app_users")).isEqualTo(signUps);
            assertThat(db.count("SELECT count(*) FROM workspaces WHERE personal")).isEqualTo(signUps);
            assertThat(db.count("SELECT count(*) FROM outbox_events WHERE event_type = 'app_user.created' "
                    + "AND published_at IS NOT NULL")).as("events relayed by the pass after each batch").isEqualTo(signUps);
        }
    }
}
