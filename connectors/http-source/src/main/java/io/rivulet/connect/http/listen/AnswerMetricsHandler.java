package io.rivulet.connect.http.listen;

import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

import io.rivulet.connect.http.HttpAnswers;

/**
 * Outermost on the listener's server, so every answer counts: the events handler's, CORS preflights and refusals,
 * and Jetty's own 404 for a request nobody handled. A request is measured until its answer is written.
 */
final class AnswerMetricsHandler extends Handler.Wrapper {
    private final HttpAnswers answers;

    AnswerMetricsHandler(HttpAnswers answers, Handler next) {
        super(next);
        this.answers = answers;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        long start = System.nanoTime();
        boolean handled;
        try {
            handled = super.handle(request, response, Callback.from(callback,
                    () -> answers.answered(response.getStatus(), start)));
        } catch (Exception | Error e) {
            answers.answered(500, start); // Jetty answers it
            throw e;
        }
        if (!handled) {
            answers.answered(404, start); // Jetty answers it
        }
        return handled;
    }
}
