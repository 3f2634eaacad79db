using DeployQueue.Service;

return await ServiceHost.RunAsync(args);
