import { PageHeader } from '../../components/PageHeader';
import { useAuth } from '../../auth/AuthProvider';

export function DashboardPage() {
  const { principal } = useAuth();
  return <PageHeader title="Dashboard" description={`Signed in as ${principal?.id}`} />;
}
