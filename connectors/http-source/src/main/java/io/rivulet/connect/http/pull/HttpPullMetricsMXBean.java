package io.rivulet.connect.http.pull;

import io.rivulet.connect.http.HttpAnswersMXBean;

/**
 * One endpoint of a pulling task, in JMX under
 * {@code io.rivulet.connect.http:type=HttpPull,connector=<connector>,endpoint=<endpoint>}: its requests by the class
 * of the answer's status (a 304 to a conditional request is a 3xx) and how long they took, those that got no answer
 * (connection refused or broken, a timeout), and the retries the task scheduled after transient failures.
 */
public interface HttpPullMetricsMXBean extends HttpAnswersMXBean {
    long getUnanswered();

    long getRetries();
}
