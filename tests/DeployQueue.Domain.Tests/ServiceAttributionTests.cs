using DeployQueue.Contracts;
using DeployQueue.Domain.Policies;

namespace DeployQueue.Domain.Tests;

/// <summary>The service a failed job's log names, family by family, on lines as the tools print them.</summary>
[TestFixture]
public class ServiceAttributionTests
{
    static string? ServiceOf(string log, string job = "deploy") => FailureClassifier.Classify(job, null, log, DeployStage.Deploy).Service;

    [TestCase("error: deployment \"orders-api\" exceeded its progress deadline", "orders-api")]
    [TestCase("Waiting for deployment \"catalog\" rollout to finish: 1 of 3 updated replicas are available...", "catalog")]
    [TestCase("deployment.apps/billing-worker configured", "billing-worker")]
    [TestCase("/usr/local/bin/kubectl rollout status Deployment/aspnetcorewebapp-deploy --insecure-skip-tls-verify", "aspnetcorewebapp-deploy")]
    [TestCase("Waiting for 1 pods to be ready...\npartitioned roll out complete: statefulset.apps/postgres-db", "postgres-db")]
    [TestCase("  Warning  BackOff  2m (x12 over 5m)  kubelet  Back-off restarting failed container api in pod checkout-7d9f8c6b5d-x2x7q_shop(1c0a)",
        "checkout")]
    [TestCase("NAME                          READY   STATUS             RESTARTS   AGE\npayments-6f4b9c8d7f-qwz8p   0/1     CrashLoopBackOff   5          3m",
        "payments")]
    [TestCase("pod/search-indexer-0 0/1 Error", "search-indexer")]
    [TestCase("Warning  Unhealthy  pod/ratings-5c8d7b6f9d-hk2xw  Readiness probe failed: HTTP probe failed with statuscode: 503", "ratings")]
    [TestCase("containers with unready status: [web-frontend]", "web-frontend")]
    [TestCase("ready.go:277: [debug] Deployment is not ready: shop/cart-api. 0 out of 2 expected pods are ready", "cart-api")]
    [TestCase("Warning  FailedSync  Error syncing pod, skipping: failed to \"StartContainer\" for \"ledger\" with CrashLoopBackOff", "ledger")]
    [TestCase("pod/invoicing-3-k8zq1 0/1 CrashLoopBackOff", "invoicing")]
    [TestCase("[event: pod shop/cart-5c8d7b6f9d-hk2xw] Liveness probe failed: connect: connection refused", "cart")]
    [TestCase("  Normal   Started   21h   kubelet  Started container kube-apiserver\n  Warning  Unhealthy  21h  kubelet  Liveness probe failed",
        "kube-apiserver")]
    [TestCase("service/web:20180308185456/29ba273cc81b ns=kernel at=panic state=error", "web")]
    public void Kubernetes_workloads_pods_and_containers(string log, string expected) =>
        Assert.That(ServiceOf(log), Is.EqualTo(expected));

    [TestCase("Failed to pull image \"ghcr.io/acme/orders-api:4f1c2d\": rpc error: code = NotFound", "orders-api")]
    [TestCase("Error: UPGRADE FAILED: release shop-web failed, and has been rolled back due to atomic being set", "shop-web")]
    [TestCase("upgrade.go:293: [debug] warning: Upgrade \"inventory\" failed: timed out waiting for the condition", "inventory")]
    [TestCase("Release \"toggleservice\" does not exist. Installing it now.\nError: timed out waiting for the condition", "toggleservice")]
    [TestCase("$ helm install shop ./charts/shop\nError: INSTALLATION FAILED: failed post-install: pod shop-seed-hook failed", "shop")]
    [TestCase("component=release release=tidal error=\"Helm release failed\" err=\"release tidal failed: timed out waiting for the condition\"", "tidal")]
    [TestCase("Deploying under release name: 'billing-pr-42'...\nError: UPGRADE FAILED: timed out waiting for the condition", "billing-pr-42")]
    [TestCase("Failed to install app Ledger. Error: UPGRADE FAILED: timed out waiting for the condition", "Ledger")]
    public void Helm_releases_and_images(string log, string expected) =>
        Assert.That(ServiceOf(log), Is.EqualTo(expected));

    [TestCase("worker-1  | Traceback (most recent call last):\nworker-1  | KeyError: 'REDIS_URL'\nworker-1 exited with code 1", "worker")]
    [TestCase("shop_web_1  | Error: Cannot find module 'express'", "shop_web")]
    [TestCase("dependency failed to start: container shop-db-1 is unhealthy", "shop-db")]
    [TestCase(" ✘ Container app-api-1  Error", "app-api")]
    [TestCase("service \"migrate\" didn't complete successfully: exit 1", "migrate")]
    [TestCase("ERROR: for nginx  Cannot start service nginx: driver failed programming external connectivity", "nginx")]
    [TestCase("ERROR: for reports  Container \"4f2a9c1be7d3\" is unhealthy.", "reports")]
    public void Docker_compose_services(string log, string expected) =>
        Assert.That(ServiceOf(log), Is.EqualTo(expected));

    [TestCase("(service orders-svc) failed to launch a task with (error ECS was unable to assume the role)", "orders-svc")]
    [TestCase("Error: arn:aws:ecs:us-east-1:123456789012:service/prod-cluster/checkout-service is MISSING", "checkout-service")]
    [TestCase("Registered task definition: arn:aws:ecs:us-east-1:123456789012:task-definition/reports-task:42\n" +
              "Error: Resource is not in the state servicesStable", "reports-task")]
    [TestCase("An error occurred (ResourceConflictException) when calling the UpdateFunctionCode operation: " +
              "arn:aws:lambda:eu-west-1:123456789012:function:thumbnailer", "thumbnailer")]
    [TestCase("Error: InvalidParameterException: Creation of service was not idempotent. \"billing-svc\"", "billing-svc")]
    [TestCase("Successfully changed task definition to: mailer-td:7\nDeployment failed", "mailer-td")]
    [TestCase("service [billing-api] was unable to place a task because no container instance met all of its requirements.", "billing-api")]
    public void Ecs_services_task_definitions_and_lambda_functions(string log, string expected) =>
        Assert.That(ServiceOf(log), Is.EqualTo(expected));

    [TestCase("Deploying container to Cloud Run service [pricing-api] in project [acme] region [europe-west1]\nX Deploying... Revision failed", "pricing-api")]
    [TestCase("ERROR: (gcloud.run.deploy) Revision 'notifier-00042-kuz' is not ready and cannot serve traffic.", "notifier")]
    [TestCase("Error: Failed to deploy web package to App Service.\nhttps://contoso-shop.scm.azurewebsites.net/api/zipdeploy returned 409", "contoso-shop")]
    [TestCase("remote: !       Push rejected to blog-prod.\nremote:  ! Push rejected, failed to compile Ruby app.", "blog-prod")]
    [TestCase("To https://git.heroku.com/acme-api.git\n ! [remote rejected] main -> main (pre-receive hook declined)", "acme-api")]
    [TestCase("Watch your deployment at https://fly.io/apps/chat-backend/monitoring\nError: failed to update machine: health checks failing", "chat-backend")]
    [TestCase("Visit https://docs-site-production.up.railway.app\nHealthcheck failed!", "docs-site")]
    [TestCase("Logs URL: https://console.cloud.google.com/logs/viewer?resource=cloud_run_revision/service_name/quotes/revision_name/quotes-abc12", "quotes")]
    [TestCase("Starting application \"tickets\"...\n0 of 1 instances running (1 crashed)", "tickets")]
    [TestCase("Container invoices-web_0_17db8b46 didn't respond to HTTP pings on port: 8000, failing site start.", "invoices-web")]
    public void Cloud_run_app_service_heroku_fly_and_railway_apps(string log, string expected) =>
        Assert.That(ServiceOf(log), Is.EqualTo(expected));

    [TestCase("❌  OrdersStack failed: Error: The stack named OrdersStack failed to deploy: UPDATE_ROLLBACK_COMPLETE", "OrdersStack")]
    [TestCase("MediaStack | 3/12 | 10:42:01 AM | CREATE_FAILED | AWS::Lambda::Function | Resizer", "MediaStack")]
    [TestCase("aws cloudformation deploy --template-file out.yml --stack-name search-prod\nWaiter StackCreateComplete failed", "search-prod")]
    public void CloudFormation_and_cdk_stacks(string log, string expected) =>
        Assert.That(ServiceOf(log), Is.EqualTo(expected));

    [TestCase("Job for gunicorn.service failed because the control process exited with error code.", "gunicorn")]
    [TestCase("Nov 29 10:00:01 web1 systemd[1]: shop-worker.service: Main process exited, code=exited, status=1/FAILURE", "shop-worker")]
    [TestCase("# systemctl start ledger && echo OK\n● ledger.service - Ledger Daemon\n   Active: inactive (dead)", "ledger")]
    public void Systemd_units(string log, string expected) =>
        Assert.That(ServiceOf(log), Is.EqualTo(expected));

    [TestCase("[ERROR] Failed to execute goal on project orders-service: Could not resolve dependencies", "orders-service")]
    [TestCase("> Task :app:compileKotlin FAILED", "app")]
    public void Build_modules(string log, string expected) =>
        Assert.That(ServiceOf(log), Is.EqualTo(expected));

    [Test]
    public void A_running_unit_outranks_the_release_it_came_from()
    {
        var log = "Release \"shop\" has been upgraded.\nerror: deployment \"shop-cart\" exceeded its progress deadline";

        Assert.That(ServiceOf(log), Is.EqualTo("shop-cart"));
    }

    [Test]
    public void Of_several_services_the_one_named_where_it_broke_wins()
    {
        var log = string.Join('\n',
            "db-1     | database system is ready to accept connections",
            "cache-1  | Ready to accept connections",
            "api-1    | Traceback (most recent call last):",
            "api-1    | sqlalchemy.exc.OperationalError: (psycopg2.OperationalError) FATAL: password authentication failed",
            "web-1    | GET / 200");

        Assert.That(ServiceOf(log), Is.EqualTo("api"));
    }

    [Test]
    public void Without_a_name_in_the_log_the_job_names_the_service() =>
        Assert.That(ServiceOf("something went wrong", job: "deploy (ledger)"), Is.EqualTo("ledger"));

    [Test]
    public void A_log_and_job_that_name_nothing_give_no_service() =>
        Assert.That(ServiceOf("Error: Process completed with exit code 1.", job: "deploy"), Is.Null);
}
