using DeployQueue.Contracts;
using DeployQueue.Domain.Policies;
using DeployQueue.Domain.Ports;

namespace DeployQueue.Smoke.Tests;

[TestFixture]
public class SmokeFailurePolicyTests
{
    [Test]
    public void A_passed_report_has_no_problems()
    {
        var report = new SmokeReport([new SmokeCheckResult("health /health", SmokeCheckKind.Health, true, "HTTP 200", "HTTP 200 after 2 ms: Healthy", 2)]);

        Assert.That(SmokeFailurePolicy.ToProblems("staging", report), Is.Empty);
    }

    [Test]
    public void Each_failed_check_is_one_smoke_stage_problem_of_the_target_saying_what_was_expected_and_what_came_back()
    {
        var report = new SmokeReport(
        [
            new SmokeCheckResult("GET /api/products", SmokeCheckKind.Api, false, "HTTP 200", "HTTP 404 after 3 ms: Not Found", 3),
            new SmokeCheckResult("GET /api/products latency", SmokeCheckKind.Latency, false, "an answer within 100 ms", "HTTP 404 after 300 ms", 300),
            new SmokeCheckResult("GET /api/orders", SmokeCheckKind.Api, true, "HTTP 200", "HTTP 200 after 3 ms", 3),
        ]);

        var problems = SmokeFailurePolicy.ToProblems("production", report);

        Assert.That(problems, Has.Count.EqualTo(2));
        Assert.That(problems, Has.All.Matches<Problem>(p => p.Stage == DeployStage.Smoke && p.Component == "production"));
        Assert.That(problems[0].Summary, Is.EqualTo("GET /api/products: expected HTTP 200, got HTTP 404 after 3 ms: Not Found"));
        Assert.That(problems[1].Summary, Is.EqualTo("GET /api/products latency: expected an answer within 100 ms, got HTTP 404 after 300 ms"));
    }

    [TestCase(SmokeCheckKind.Health, "HTTP 503 after 2 ms: Service Unavailable", FixTaskKind.HealthCheckFailure)]
    [TestCase(SmokeCheckKind.Health, "HTTP 500 after 2 ms: Internal Server Error", FixTaskKind.HealthCheckFailure)]
    [TestCase(SmokeCheckKind.Latency, "HTTP 200 after 2300 ms", FixTaskKind.HealthCheckFailure)]
    [TestCase(SmokeCheckKind.Version, "HTTP 200 after 4 ms: {\"version\":\"0ld5ha1\"}", FixTaskKind.HealthCheckFailure)]
    [TestCase(SmokeCheckKind.Api, "HTTP 200 after 4 ms, JSON status = \"degraded\": {\"status\":\"degraded\"}", FixTaskKind.HealthCheckFailure)]
    [TestCase(SmokeCheckKind.Api, "HTTP 500 after 4 ms: Unhandled exception. System.NullReferenceException", FixTaskKind.ServiceCrash)]
    [TestCase(SmokeCheckKind.Health, "HTTP 502 after 4 ms: panic: runtime error: index out of range", FixTaskKind.ServiceCrash)]
    [TestCase(SmokeCheckKind.Health, "connection refused", FixTaskKind.ServiceCrash)]
    [TestCase(SmokeCheckKind.Api, "no answer within 2000 ms", FixTaskKind.ServiceCrash)]
    [TestCase(SmokeCheckKind.Api, "connection closed before an answer", FixTaskKind.ServiceCrash)]
    public void A_service_that_stopped_answering_or_crashed_is_a_crash_any_other_failure_a_health_check_failure(
        SmokeCheckKind kind, string actual, FixTaskKind expected)
    {
        var report = new SmokeReport([new SmokeCheckResult("check", kind, false, "something else", actual, 0)]);

        Assert.That(SmokeFailurePolicy.ToProblems("staging", report).Single().Kind, Is.EqualTo(expected));
    }
}
