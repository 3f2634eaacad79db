using DeployQueue.Domain.Ports;

namespace DeployQueue.GitHub.Tests;

[TestFixture]
public class GateTests : GitHubTestBed
{
    static readonly GateRules OneApproval = new(1);

    Task<GateResult> Gate(int number = 7, GateRules? rules = null, GitHubGateSettings? settings = null) =>
        PullRequests(settings).EvaluateGate(RepositoryName, number, rules ?? OneApproval, CancellationToken.None);

    [Test]
    public async Task An_approved_PR_with_green_checks_is_ready_at_its_head()
    {
        var pull = ReadyPullRequest();

        var gate = await Gate();

        Assert.That(gate.Verdict, Is.EqualTo(GateVerdict.Ready));
        Assert.That(gate.HeadSha, Is.EqualTo(pull.HeadSha));
    }

    [Test]
    public async Task A_PR_without_review_waits_for_approval()
    {
        Repo.PullRequest(7).Check("build", "completed", "success");

        var gate = await Gate();

        Assert.That(gate.Verdict, Is.EqualTo(GateVerdict.ApprovalMissing));
        Assert.That(gate.Detail, Does.Contain("0 of 1"));
    }

    [Test]
    public async Task Changes_requested_after_an_approval_block_the_merge()
    {
        ReadyPullRequest().RequestChanges("alice");

        var gate = await Gate();

        Assert.That(gate.Verdict, Is.EqualTo(GateVerdict.ApprovalMissing));
        Assert.That(gate.Detail, Does.Contain("changes requested by alice"));
    }

    [Test]
    public async Task Only_the_latest_decisive_review_of_each_reviewer_counts()
    {
        Repo.PullRequest(7).RequestChanges("bob").Approve("bob").Comment("bob").Check("build", "completed", "success");

        Assert.That((await Gate()).Verdict, Is.EqualTo(GateVerdict.Ready));
    }

    [Test]
    public async Task A_dismissed_approval_no_longer_counts()
    {
        ReadyPullRequest().Dismiss("alice");

        Assert.That((await Gate()).Verdict, Is.EqualTo(GateVerdict.ApprovalMissing));
    }

    [Test]
    public async Task An_approval_given_before_a_push_is_stale()
    {
        var pull = ReadyPullRequest();
        var newHead = pull.Push();
        pull.Check("build", "completed", "success");

        var gate = await Gate();

        Assert.That(gate.Verdict, Is.EqualTo(GateVerdict.ApprovalMissing));
        Assert.That(gate.HeadSha, Is.EqualTo(newHead));
        Assert.That(gate.Detail, Does.Contain("alice were given on an older commit"));
    }

    [Test]
    public async Task A_stale_approval_counts_when_the_setting_relaxes_the_rule()
    {
        var pull = ReadyPullRequest();
        pull.Push();
        pull.Check("build", "completed", "success");

        var gate = await Gate(settings: new GitHubGateSettings { RequireApprovalOnHeadSha = false });

        Assert.That(gate.Verdict, Is.EqualTo(GateVerdict.Ready));
    }

    [Test]
    public async Task Required_approvals_are_counted_per_reviewer()
    {
        ReadyPullRequest().Approve("alice");

        Assert.That((await Gate(rules: new GateRules(2))).Verdict, Is.EqualTo(GateVerdict.ApprovalMissing));

        Repo.PullRequest(7).Approve("carol");
        Assert.That((await Gate(rules: new GateRules(2))).Verdict, Is.EqualTo(GateVerdict.Ready));
    }

    [Test]
    public async Task Reviews_on_later_pages_are_read()
    {
        var pull = Repo.PullRequest(7).Check("build", "completed", "success");
        for (var i = 0; i < 34; i++) pull.Comment($"reviewer{i}");
        pull.Approve("late-approver");

        Assert.That((await Gate()).Verdict, Is.EqualTo(GateVerdict.Ready));
    }

    [Test]
    public async Task A_draft_is_refused()
    {
        ReadyPullRequest().MarkDraft();

        var gate = await Gate();

        Assert.That(gate.Verdict, Is.EqualTo(GateVerdict.NotMergeable));
        Assert.That(gate.Detail, Does.Contain("draft"));
    }

    [Test]
    public async Task A_closed_PR_is_refused()
    {
        ReadyPullRequest().Close();

        var gate = await Gate();

        Assert.That(gate.Verdict, Is.EqualTo(GateVerdict.Closed));
        Assert.That(gate.Detail, Does.Contain("closed without merge"));
    }

    [Test]
    public async Task A_merged_PR_is_already_merged_with_its_merge_commit()
    {
        var mergeSha = ReadyPullRequest().MarkMerged();

        var gate = await Gate();

        Assert.That(gate.Verdict, Is.EqualTo(GateVerdict.AlreadyMerged));
        Assert.That(gate.MergeSha, Is.EqualTo(mergeSha));
    }

    [Test]
    public async Task A_conflict_is_reported()
    {
        ReadyPullRequest().Conflict();

        Assert.That((await Gate()).Verdict, Is.EqualTo(GateVerdict.Conflict));
    }

    [Test]
    public async Task Mergeability_still_being_computed_is_rechecked()
    {
        ReadyPullRequest().MergeabilityComputedAfter(2);

        Assert.That((await Gate()).Verdict, Is.EqualTo(GateVerdict.Ready));
    }

    [Test]
    public async Task Mergeability_computed_for_too_long_waits_instead_of_merging()
    {
        ReadyPullRequest().MergeabilityComputedAfter(10);

        var gate = await Gate();

        Assert.That(gate.Verdict, Is.EqualTo(GateVerdict.ChecksPending));
        Assert.That(gate.Detail, Does.Contain("still computing"));
    }

    [TestCase("failure")]
    [TestCase("cancelled")]
    [TestCase("timed_out")]
    [TestCase("action_required")]
    public async Task A_check_run_that_concluded_badly_fails_the_gate(string conclusion)
    {
        ReadyPullRequest().Check("integration-tests", "completed", conclusion, summary: "3 tests failed");

        var gate = await Gate();

        Assert.That(gate.Verdict, Is.EqualTo(GateVerdict.ChecksFailing));
        Assert.That(gate.Checks, Has.Exactly(1).Matches<Contracts.CheckProblem>(c =>
            c.Name == "integration-tests" && c.Conclusion == conclusion && c.Summary == "3 tests failed" && c.Url != null));
    }

    [TestCase("failure")]
    [TestCase("error")]
    public async Task A_failing_commit_status_fails_the_gate(string state)
    {
        ReadyPullRequest().Status("ci/jenkins", state, "build broke");

        var gate = await Gate();

        Assert.That(gate.Verdict, Is.EqualTo(GateVerdict.ChecksFailing));
        Assert.That(gate.Checks.Single().Name, Is.EqualTo("ci/jenkins"));
    }

    [Test]
    public async Task Secrets_in_check_run_summaries_and_status_descriptions_are_masked_before_they_reach_a_fix_task()
    {
        ReadyPullRequest()
            .Check("deploy-preview", "completed", "failure",
                summary: "preview failed\n-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA7x\n-----END RSA PRIVATE KEY-----\ndone")
            .Status("ci/jenkins", "failure", "curl -H 'Authorization: Bearer s3cr3tt0ken' failed");

        var gate = await Gate();

        var details = string.Join("\n", gate.Checks.Select(c => c.Summary));
        Assert.Multiple(() =>
        {
            Assert.That(details, Does.Not.Contain("MIIEowIBAAKCAQEA7x").And.Not.Contain("s3cr3tt0ken"));
            Assert.That(details, Does.Contain("preview failed").And.Contain("done").And.Contain("***"));
        });
    }

    [TestCase("queued")]
    [TestCase("in_progress")]
    public async Task A_running_check_run_waits(string status)
    {
        ReadyPullRequest().Check("e2e", status);

        var gate = await Gate();

        Assert.That(gate.Verdict, Is.EqualTo(GateVerdict.ChecksPending));
        Assert.That(gate.Checks.Single().Name, Is.EqualTo("e2e"));
    }

    [Test]
    public async Task A_pending_commit_status_waits()
    {
        ReadyPullRequest().Status("ci/jenkins", "pending");

        Assert.That((await Gate()).Verdict, Is.EqualTo(GateVerdict.ChecksPending));
    }

    [Test]
    public async Task A_required_check_that_never_reported_is_not_a_pass()
    {
        ReadyPullRequest();

        var gate = await Gate(settings: new GitHubGateSettings { RequiredChecks = ["security-scan"] });

        Assert.That(gate.Verdict, Is.EqualTo(GateVerdict.ChecksPending));
        Assert.That(gate.Checks.Single().Conclusion, Is.EqualTo("missing"));
    }

    [TestCase("neutral")]
    [TestCase("skipped")]
    public async Task Neutral_and_skipped_pass_unless_the_setting_says_otherwise(string conclusion)
    {
        ReadyPullRequest().Check("optional", "completed", conclusion);

        Assert.That((await Gate()).Verdict, Is.EqualTo(GateVerdict.Ready));
        Assert.That((await Gate(settings: new GitHubGateSettings { NeutralAndSkippedPass = false })).Verdict, Is.EqualTo(GateVerdict.ChecksFailing));
    }

    [Test]
    public async Task Checks_of_an_older_head_do_not_count_for_the_new_one()
    {
        var pull = ReadyPullRequest();
        pull.Push();
        pull.Approve("alice").Check("build", "in_progress");

        Assert.That((await Gate()).Verdict, Is.EqualTo(GateVerdict.ChecksPending));
    }
}
