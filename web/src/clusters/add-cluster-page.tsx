import { Link, useLocation } from 'wouter';
import { useCreateCluster } from '../api/clusters.js';
import { ClusterForm } from './cluster-form.js';

export default function AddClusterPage() {
  const create = useCreateCluster();
  const [, navigate] = useLocation();
  return (
    <>
      <div className="page-header">
        <div className="title-block">
          <Link href="/clusters" className="breadcrumb">
            ← Clusters
          </Link>
          <h1>Add cluster</h1>
          <p>
            Register a cluster by its kubeconfig. For AKS, <Link href="/settings/azure">add an Azure subscription</Link> instead and sync its clusters.
          </p>
        </div>
      </div>
      <div className="card">
        <div className="card-body">
          <ClusterForm
            mode="create"
            submitLabel="Add cluster"
            busy={create.isPending}
            error={create.error}
            onCancel={() => navigate('/clusters')}
            onSubmit={(values) =>
              create.mutate(
                {
                  name: values.name,
                  kubeconfig: values.kubeconfig,
                  ...(values.description ? { description: values.description } : {}),
                  ...(values.context ? { context: values.context } : {}),
                  ...(Object.keys(values.labels).length ? { labels: values.labels } : {}),
                  favorite: values.favorite,
                },
                { onSuccess: (cluster) => navigate(`/clusters/${encodeURIComponent(cluster.id)}`) },
              )
            }
          />
        </div>
      </div>
    </>
  );
}
