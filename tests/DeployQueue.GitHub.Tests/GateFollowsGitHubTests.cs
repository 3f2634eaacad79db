using DeployQueue.Domain.Ports;

namespace DeployQueue.GitHub.Tests;

/// <summary>
/// The gate's rules as GitHub applies them, each on a case GitHub allows that a simpler gate merges by mistake:
/// the PR's base must be the target's branch; the base branch's protection and rulesets name checks that must
/// report, and a head on which nothing reported waits; only reviewers with write access approve, never the author.
/// </summary>
[TestFixture]
public class GateFollowsGitHubTests : GitHubTestBed
{
    Task<GateResult> Gate(GateRules? rules = null) =>
        PullRequests().EvaluateGate(RepositoryName, 7, rules ?? new GateRules(1), CancellationToken.None);

    [TestCase("sandbox")]
    [TestCase("release/2.4")]
    [TestCase("feature/parent")]
    public async Task An_approved_green_PR_into_another_branch_than_the_default_is_not_merged(string baseBranch)
    {
        ReadyPullRequest().BaseRef = baseBranch;

        var gate = await Gate();

        Assert.That(gate.Verdict, Is.EqualTo(GateVerdict.NotMergeable));
        Assert.That(gate.Detail, Does.Contain($"'{baseBranch}'").And.Contain("'main'"));
    }

    [Test]
    public async Task A_target_deploys_from_its_own_branch_when_it_names_one()
    {
        Repo.DefaultBranch = "develop";
        ReadyPullRequest().BaseRef = "release/2.4";

        Assert.Multiple(async () =>
        {
            Assert.That((await Gate(new GateRules(1, Branch: "release/2.4"))).Verdict, Is.EqualTo(GateVerdict.Ready));
            Assert.That((await Gate()).Detail, Does.Contain("'release/2.4', not 'develop'"), "the default branch is develop");
        });
    }

    [Test]
    public async Task A_head_on_which_nothing_has_reported_waits_unless_the_target_allows_no_checks()
    {
        Repo.PullRequest(7).Approve("alice");

        var gate = await Gate();

        Assert.That(gate.Verdict, Is.EqualTo(GateVerdict.ChecksPending));
        Assert.That(gate.Detail, Does.Contain("no check or status has reported"));
        Assert.That((await Gate(new GateRules(1, AllowNoChecks: true))).Verdict, Is.EqualTo(GateVerdict.Ready));
    }

    [Test]
    public async Task A_check_the_branch_protection_requires_must_report_before_a_merge()
    {
        Repo.ProtectBranch("main", "e2e");
        var pull = ReadyPullRequest();

        var waiting = await Gate();
        pull.Check("e2e", "completed", "success");
        var ready = await Gate();

        Assert.That(waiting.Verdict, Is.EqualTo(GateVerdict.ChecksPending));
        Assert.That(waiting.Checks.Select(c => (c.Name, c.Conclusion)), Is.EqualTo(new[] { ("e2e", "missing") }));
        Assert.That(ready.Verdict, Is.EqualTo(GateVerdict.Ready));
    }

    [Test]
    public async Task A_check_a_ruleset_requires_on_a_branch_with_a_slash_must_report_before_a_merge()
    {
        Repo.RulesetRequiringChecks("release/2.4", "security-scan");
        var pull = ReadyPullRequest();
        pull.BaseRef = "release/2.4";
        var rules = new GateRules(1, Branch: "release/2.4");

        var waiting = await Gate(rules);
        pull.Status("security-scan", "success");
        var ready = await Gate(rules);

        Assert.That(waiting.Verdict, Is.EqualTo(GateVerdict.ChecksPending));
        Assert.That(waiting.Checks.Select(c => c.Name), Is.EqualTo(new[] { "security-scan" }));
        Assert.That(ready.Verdict, Is.EqualTo(GateVerdict.Ready));
    }

    [TestCase("NONE")]
    [TestCase("CONTRIBUTOR")]
    [TestCase("FIRST_TIME_CONTRIBUTOR")]
    public async Task An_approval_from_an_account_without_write_access_does_not_count(string association)
    {
        Repo.PullRequest(7).Approve("drive-by", association: association).Check("build", "completed", "success");

        var gate = await Gate();

        Assert.That(gate.Verdict, Is.EqualTo(GateVerdict.ApprovalMissing));
        Assert.That(gate.Detail, Does.Contain("approvals by drive-by do not count (no write access)"));
    }

    [Test]
    public async Task A_contributor_granted_write_access_approves()
    {
        Repo.Grant("maintainer-bot", "maintain");
        Repo.PullRequest(7).Approve("maintainer-bot", association: "CONTRIBUTOR").Check("build", "completed", "success");

        Assert.That((await Gate()).Verdict, Is.EqualTo(GateVerdict.Ready));
    }

    [Test]
    public async Task The_authors_own_approval_does_not_count()
    {
        var pull = Repo.PullRequest(7);
        pull.Author = "self-approver";
        pull.Approve("self-approver", association: "OWNER").Check("build", "completed", "success");

        var gate = await Gate();

        Assert.That(gate.Verdict, Is.EqualTo(GateVerdict.ApprovalMissing));
        Assert.That(gate.Detail, Does.Contain("0 of 1"));
    }

    [Test]
    public async Task Changes_requested_by_an_account_without_write_access_do_not_block()
    {
        ReadyPullRequest().RequestChanges("passer-by", association: "NONE");

        Assert.That((await Gate()).Verdict, Is.EqualTo(GateVerdict.Ready));
    }
}
